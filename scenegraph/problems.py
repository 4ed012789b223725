"""Problems found in data files, reported all at once with file and line."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DataError", "Problem"]


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    message: str
    kind: str = "invalid"

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


class DataError(ValueError):
    """Raised when data does not validate; carries every problem, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(f"{len(self.problems)} problem(s) in the data:\n" + "\n".join(map(str, self.problems)))
