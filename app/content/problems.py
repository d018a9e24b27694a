"""How content problems are described: the file, the field path inside it, and what is wrong."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ContentProblem:
    file: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.path}: {self.message}" if self.path else f"{self.file}: {self.message}"


class ContentError(Exception):
    """The content folder is invalid; `problems` lists every problem found."""

    def __init__(self, problems: list[ContentProblem]):
        self.problems = problems
        count = len(problems)
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"the routine content is invalid ({count} problem{'s' if count != 1 else ''}):\n{lines}")


@dataclass
class Report:
    """Collects problems found by the cross-file checks, naming the file of each content part."""

    problems: list[ContentProblem]
    files: dict[str, str]

    def __call__(self, part: str, path: str, message: str) -> None:
        self.problems.append(ContentProblem(self.files[part], path, message))
