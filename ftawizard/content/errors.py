"""Content errors: every problem names its file, its line where known, and what is wrong."""

from __future__ import annotations

import attrs


@attrs.frozen
class ContentProblem:
    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class ContentInvalid(Exception):
    """The content tree cannot be used; ``problems`` lists everything found."""

    def __init__(self, problems: list[ContentProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))
