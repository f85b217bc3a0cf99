"""Run the CLI in-process and capture what it prints."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from typing import Any

import pytest

from samen.cli.context import Environment
from samen.cli.main import main


@dataclass
class Run:
    status: int
    stdout: str
    stderr: str

    @property
    def json(self) -> Any:
        return json.loads(self.stdout)


def run_samen(*args: str, lang: str = "en") -> Run:
    out, err = io.StringIO(), io.StringIO()
    env = Environment(stdout=out, stderr=err, variables={"SAMEN_LANG": lang})
    status = main(list(args), env)
    return Run(status, out.getvalue(), err.getvalue())


@pytest.fixture
def samen() -> Any:
    return run_samen
