"""One check for every text the server takes in, from a phone's log or a dashboard form.

A NUL character is refused by PostgreSQL (text and JSONB alike), and an unpaired surrogate (half
of an emoji, as a phone may send in a note cut short) by every UTF-8 encoder: either one, stored
or hashed, would fail a whole request. They are refused where the text comes in, naming the field.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from app.i18n import _


def text_problem(text: str) -> str | None:
    """What is wrong with a text, in words for the person who sent it; None when nothing is."""
    if "\x00" in text:
        return _("contains a NUL character")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _("contains an unpaired surrogate (half of a character, e.g. an emoji cut in two)")
    return None


def _checked(value):
    # Before pydantic's own str checks, which refuse a surrogate only in constrained strings, and
    # with a message no one can act on ("unable to parse raw data as a unicode string").
    if isinstance(value, str) and (problem := text_problem(value)) is not None:
        raise PydanticCustomError("text_invalid", problem)
    return value


Text = Annotated[str, BeforeValidator(_checked)]
