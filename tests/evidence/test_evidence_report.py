"""``render_evidence``: the table lists what it should, JSON round-trips, bad input is refused."""

from __future__ import annotations

import json

import pytest

from samen.errors import SamenInputError
from samen.evidence import (
    Intervention,
    Parameter,
    Root,
    UnknownFormatError,
    UnknownLevelError,
    load_calibration_targets,
    load_interventions,
    load_parameters,
    load_roots,
)
from samen.evidence.calibration import CalibrationTargets
from samen.evidence.report import render_evidence


def test_table_for_one_level_lists_only_that_level() -> None:
    text = render_evidence("parents", "table", width=400)
    assert "CRAFT family programme for parents" in text
    assert "Consistent care and emotional support" in text
    assert "CBT for social anxiety" not in text
    # The first sourced effect of the CRAFT entry: a pooled proportion of 0.308.
    assert "proportion 0.308 on recovery (+2)" in text


def test_table_shows_the_roots_and_sources() -> None:
    text = render_evidence(None, "table", width=400)
    for root in load_roots():
        assert root.id in text
    assert "Werner-Seidler A et al. (2021)" in text
    assert "hedges_g 0.21 on depressed_mood (+1)" in text
    assert "no quantified effect" in text


def test_table_in_dutch() -> None:
    text = render_evidence("school", "table", language="nl", width=400)
    assert "Interventies" in text
    assert "Preventie van depressie en angst op school" in text
    assert "geen gekwantificeerd effect" in text


def test_non_verified_effects_are_flagged_in_the_table() -> None:
    text = render_evidence("school", "table", width=400)
    assert "hedges_g -0.2 (-0.42 to 0.02) on loneliness [secondary]" in text


def test_json_round_trips_to_the_same_models() -> None:
    data = json.loads(render_evidence(None, "json"))
    assert [Intervention.model_validate(d) for d in data["interventions"]] == list(
        load_interventions()
    )
    assert [Root.model_validate(d) for d in data["roots"]] == list(load_roots())
    assert [Parameter.model_validate(d) for d in data["parameters"]] == list(load_parameters())
    assert CalibrationTargets.model_validate(data["calibration"]) == load_calibration_targets()
    assert [m["id"] for m in data["mechanisms"]] == [f"M{n}" for n in range(1, 9)]


def test_json_for_one_level() -> None:
    data = json.loads(render_evidence("community", "json"))
    assert data["level"] == "community"
    assert {d["level"] for d in data["interventions"]} == {"community"}
    assert [d["id"] for d in data["interventions"]] == [
        "community_volunteering",
        "community_mentoring",
        "community_shared_activities",
    ]


def test_unknown_level_lists_the_known_levels() -> None:
    with pytest.raises(UnknownLevelError) as caught:
        render_evidence("municipality", "table")
    message = str(caught.value)
    assert "unknown level 'municipality'" in message
    assert "parents, school, community, policy, care" in message
    assert isinstance(caught.value, SamenInputError)  # the CLI reports it as a user error
    with pytest.raises(UnknownLevelError):
        load_interventions("municipality")


def test_unknown_format_lists_the_known_formats() -> None:
    with pytest.raises(UnknownFormatError, match="known formats: table, json"):
        render_evidence(None, "csv")
