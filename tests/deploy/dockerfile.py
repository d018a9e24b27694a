"""The Dockerfile read as data, so tests can build what it builds (Docker itself does not run here)."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path

from app.config import PROJECT_ROOT

DOCKERFILE = PROJECT_ROOT / "Dockerfile"


@dataclass(frozen=True)
class Instruction:
    stage: int  # 0 for the first FROM
    keyword: str
    arguments: str


def instructions(path: Path = DOCKERFILE) -> list[Instruction]:
    """One per instruction, continuation lines joined, comments dropped."""
    found, stage, pending = [], -1, ""
    for line in path.read_text().splitlines():
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        pending += line.rstrip().removesuffix("\\") + " "
        if line.rstrip().endswith("\\"):
            continue
        keyword, _, arguments = pending.strip().partition(" ")
        pending = ""
        if keyword.upper() == "FROM":
            stage += 1
        found.append(Instruction(stage, keyword.upper(), arguments.strip()))
    return found


def copied_from_context(path: Path = DOCKERFILE) -> list[str]:
    """What COPY takes from the build context (not from another stage), in order."""
    sources = []
    for instruction in instructions(path):
        words = shlex.split(instruction.arguments)
        if instruction.keyword != "COPY" or any(word.startswith("--from") for word in words):
            continue
        sources += [word for word in words[:-1] if not word.startswith("--")]
    return sources
