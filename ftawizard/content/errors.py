"""Content errors: every problem names its file, its line where known, and what is wrong."""

from __future__ import annotations

import attrs


@attrs.frozen
class ContentProblem:
    file: str
    line: int | None
    message: str
    # a file that could not be read as a whole (missing, not valid TOML, a broken CSV row):
    # what refers to its content then fails too, and is reported after it, summarised
    root: bool = False

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


def follows_from_a_root(problem: ContentProblem) -> bool:
    """A problem that an unreadable file causes elsewhere (a name it defined is unknown)."""
    return not problem.root and "unknown " in problem.message


def summarised(problems: list[ContentProblem], shown: int = 5) -> list[str]:
    """The problems as lines, the root causes first; when a file could not be read, what
    follows from it is summarised after a few examples ("… and 1,248 more")."""
    roots = [problem for problem in problems if problem.root]
    if not roots:
        return [str(problem) for problem in problems]
    others = [problem for problem in problems if not problem.root]
    follow = [problem for problem in others if follows_from_a_root(problem)]
    rest = [problem for problem in others if not follows_from_a_root(problem)]
    lines = [str(problem) for problem in roots + rest]
    lines.extend(str(problem) for problem in follow[:shown])
    if len(follow) > shown:
        more = len(follow) - shown
        lines.append(
            f"… and {more:,} more error{'s' if more != 1 else ''} that follow from "
            f"{'it' if len(roots) == 1 else 'them'} (names it would have defined)"
        )
    return lines


class ContentInvalid(Exception):
    """The content tree cannot be used; ``problems`` lists everything found."""

    def __init__(self, problems: list[ContentProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))
