"""Field paths as people read them: ('steps', 1, 'dose', 'min') -> 'steps[1].dose.min'."""

from __future__ import annotations

from collections.abc import Iterable


def field_path(loc: Iterable[str | int], union_fields: frozenset[str] = frozenset()) -> str:
    """Join a pydantic error location; drop the tag a discriminated union adds after any field in
    `union_fields` ('dose.reps.min' reads as 'dose.min')."""
    path = ""
    previous: str | int | None = None
    for item in loc:
        if isinstance(item, int):
            path += f"[{item}]"
        elif previous not in union_fields:
            path += f".{item}" if path else str(item)
        previous = item
    return path
