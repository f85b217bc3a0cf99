"""docs/evidence.md stays in step with the data: every id in the data appears in the doc."""

from __future__ import annotations

from pathlib import Path

from samen.evidence import load_interventions, load_roots
from samen.evidence.vocab import GRADES

DOC = Path(__file__).resolve().parents[2] / "docs" / "evidence.md"


def test_every_intervention_is_in_the_catalogue_table() -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = [i.id for i in load_interventions() if f"| `{i.id}` |" not in text]
    assert missing == []


def test_catalogue_rows_match_level_target_and_grade() -> None:
    # Row layout: | level | `id` | name | target group | grade | effect | cost |
    text = DOC.read_text(encoding="utf-8")
    levels = {"parents", "school", "community", "policy", "care"}
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.split("|")[1:-1]]
        if len(cells) == 7 and cells[0] in levels:
            rows[cells[1].strip("`")] = (cells[0], cells[3], cells[4])
    expected = {i.id: (i.level, i.target_group, i.grade) for i in load_interventions()}
    assert rows == expected


def test_every_root_and_grade_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for root in load_roots():
        assert f"| `{root.id}` |" in text, root.id
    for grade in GRADES:
        assert f"| **{grade}** |" in text, grade
