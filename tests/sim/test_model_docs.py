"""docs/model.md documents every simulation parameter and every intervention the engine supports,
with the value the evidence base holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from samen.evidence.simulation import load_sim_interventions, load_sim_parameters
from samen.sim.interventions import supported_interventions

DOC = (Path(__file__).resolve().parents[2] / "docs" / "model.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("parameter", load_sim_parameters(), ids=lambda p: p.id)
def test_every_parameter_is_in_the_table_with_its_value(parameter: object) -> None:
    row = next(line for line in DOC.splitlines() if line.startswith(f"| `{parameter.id}` |"))  # type: ignore[attr-defined]
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert float(cells[2]) == parameter.value  # type: ignore[attr-defined]
    if parameter.source.is_assumption:  # type: ignore[attr-defined]
        assert cells[6].startswith("assumption")


def test_every_supported_intervention_is_documented() -> None:
    documented = {e.id for e in load_sim_interventions() if f"| `{e.id}` |" in DOC}
    assert documented == supported_interventions()
