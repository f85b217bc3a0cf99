"""Exit codes and the injectable environment the commands write to (swapped out by the tests)."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from typing import IO

from rich.console import Console

from samen.text import Language, LocalizedText


class ExitStatus(IntEnum):
    SUCCESS = 0
    ERROR = 1
    """An unexpected failure (a bug): run again with --traceback and report it."""
    USAGE = 2
    """The command line itself was wrong (argparse's own code)."""
    INVALID_INPUT = 3
    """The input (answers, a file's content, a FHIR resource) was rejected."""
    FILE_ERROR = 4
    """A file could not be read or written."""
    INTEGRITY = 5
    """A check found stored data altered (e.g. ``samen audit verify`` on a broken chain)."""


@dataclass
class Environment:
    """Streams and settings a command may use; tests pass their own."""

    stdout: IO[str] = field(default_factory=lambda: sys.stdout)
    stderr: IO[str] = field(default_factory=lambda: sys.stderr)
    variables: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    language: Language = "en"

    def console(self) -> Console:
        """A rich console on stdout; no colour codes unless stdout is a terminal."""
        return Console(file=self.stdout, width=110, soft_wrap=False, highlight=False)

    def say(self, text: str) -> None:
        print(text, file=self.stdout)

    def t(self, text: LocalizedText) -> str:
        """Pick the user's language."""
        return text.get(self.language)

    def tr(self, nl: str, en: str) -> str:
        """A label written in place, in both languages."""
        return nl if self.language == "nl" else en

    def error(self, message: str) -> None:
        print(f"samen: error: {message}", file=self.stderr)
