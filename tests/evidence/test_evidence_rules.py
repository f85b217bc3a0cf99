"""Every validation rule rejects a crafted bad entry, with a message naming the entry and key.

Each case starts from a valid synthetic snippet (tests/evidence/snippets.py), breaks one thing,
and loads it through the same ``read_*`` function that loads the shipped files.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from samen.evidence import (
    EvidenceDataError,
    UnknownEntryError,
    get_intervention,
    get_root,
    read_calibration_targets,
    read_interventions,
    read_mechanisms,
    read_parameters,
    read_roots,
)
from tests.evidence.snippets import CALIBRATION, INTERVENTION, PARAMETER, ROOT, swap


def _reject(read: object, text: str) -> EvidenceDataError:
    assert callable(read)
    with pytest.raises(EvidenceDataError) as caught:
        read(text)
    return caught.value


def test_valid_snippets_load() -> None:
    # The baseline must pass, or every rejection below would prove nothing.
    (item,) = read_interventions(INTERVENTION)
    assert item.id == "test_programme"
    assert item.effects[0].value == 0.21
    assert read_roots(ROOT)[0].raises[0].effect is not None
    targets = read_calibration_targets(CALIBRATION)
    assert targets.prevalence[0].value == 0.02
    assert read_parameters(PARAMETER)[0].high == 0.50


INTERVENTION_CASES = [
    # (what is broken, old text, new text, expected key, words the message must contain)
    ("verified source without citation",
     'grade = "A"\nsource = { confidence = "verified", citation = "Synthetic A (2020). Test J 1:1", doi = "10.1234/test.1" }',
     'grade = "A"\nsource = { confidence = "verified" }', "source", "needs a 'citation'"),
    ("assumption without note",
     'source = { confidence = "assumption", note = "Synthetic test cost." }',
     'source = { confidence = "assumption" }', "cost.source", "needs a 'note'"),
    ("assumption-sourced entry graded A",
     'grade = "A"\nsource = { confidence = "verified", citation = "Synthetic A (2020). Test J 1:1", doi = "10.1234/test.1" }',
     'grade = "A"\nsource = { confidence = "assumption", note = "x" }', "grade", "grade D"),
    ("malformed DOI", 'doi = "10.1234/test.1"', 'doi = "doi:10.1234"', "source", "10.NNNN/suffix"),
    ("malformed URL", 'doi = "10.1234/test.1"', 'url = "www.example.org"', "source", "http"),
    ("unknown level", 'level = "school"', 'level = "district"', "level", "'parents'"),
    ("unknown target group", 'target_group = "universal"', 'target_group = "everyone"',
     "target_group", "'indicated'"),
    ("unknown root", 'roots = ["anxiety_depression"]', 'roots = ["anxiety"]', "roots.0",
     "'loneliness_bonds'"),
    ("unknown mechanism", 'mechanisms = ["M2"]', 'mechanisms = ["M9"]', "mechanisms.0", "'M8'"),
    ("unknown state", 'moves = ["depressed_mood"]', 'moves = ["happiness"]', "moves.0",
     "'loneliness'"),
    ("effect state not listed in moves", 'state = "depressed_mood"', 'state = "loneliness"',
     "effects.0.state", "not listed in moves"),
    ("unknown grade", 'grade = "A"\nsource', 'grade = "E"\nsource', "grade", "'D'"),
    ("unknown measure", 'measure = "hedges_g"', 'measure = "eta_squared"', "effects.0.measure",
     "'odds_ratio'"),
    ("CI low above value", "ci_low = 0.10", "ci_low = 0.25", "effects.0.ci_low", "above the value"),
    ("CI high below value", "ci_high = 0.30", "ci_high = 0.15", "effects.0.ci_high",
     "below the value"),
    ("only one CI bound", "ci_high = 0.30\n", "", "effects.0.ci_high", "given together"),
    ("proportion above 1", 'measure = "hedges_g"\nvalue = 0.21\nci_low = 0.10\nci_high = 0.30',
     'measure = "proportion"\nvalue = 21', "effects.0.value", "0-1"),
    ("odds ratio not positive", 'measure = "hedges_g"\nvalue = 0.21\nci_low = 0.10\nci_high = 0.30',
     'measure = "odds_ratio"\nvalue = 0', "effects.0.value", "> 0"),
    ("odds ratio CI not positive", 'measure = "hedges_g"\nvalue = 0.21\nci_low = 0.10',
     'measure = "odds_ratio"\nvalue = 0.21\nci_low = -0.1', "effects.0.ci_low", "> 0"),
    ("correlation above 1", 'measure = "hedges_g"\nvalue = 0.21\nci_low = 0.10\nci_high = 0.30',
     'measure = "correlation"\nvalue = 1.4', "effects.0.value", "-1..1"),
    ("negative cost", "value = 10.0", "value = -10.0", "cost.value", "greater than or equal to 0"),
    ("implausible cost year", "year = 2020", "year = 1820", "cost.year", "1950"),
    ("unknown currency", 'currency = "EUR"', 'currency = "euro"', "cost.currency", "'EUR'"),
    ("Dutch text missing", 'name = { nl = "Testprogramma", en = "Test programme" }',
     'name = { en = "Test programme" }', "name.nl", "Field required"),
    ("misspelt key", 'target_group = "universal"', 'target_group = "universal"\ntarget_grup = "x"',
     "target_grup", "Extra inputs are not permitted"),
]


@pytest.mark.parametrize(
    ("old", "new", "key", "words"),
    [case[1:] for case in INTERVENTION_CASES],
    ids=[case[0] for case in INTERVENTION_CASES],
)
def test_intervention_rules(old: str, new: str, key: str, words: str) -> None:
    error = _reject(read_interventions, swap(INTERVENTION, old, new))
    assert error.key == key
    assert words in error.problem
    assert error.entry == "test_programme"
    assert f"entry 'test_programme', key '{key}'" in str(error)


def test_grade_a_needs_a_sourced_effect() -> None:
    # Cut the effect table out entirely: grade A with no effect is refused.
    start = INTERVENTION.index("[[interventions.effects]]")
    end = INTERVENTION.index("[interventions.cost]")
    error = _reject(read_interventions, INTERVENTION[:start] + INTERVENTION[end:])
    assert (error.entry, error.key) == ("test_programme", "effects")
    assert "grade A needs at least one sourced effect" in str(error)


def test_duplicate_intervention_id() -> None:
    error = _reject(read_interventions, INTERVENTION + INTERVENTION)
    assert (error.entry, error.key) == ("test_programme", "id")
    assert "appears twice" in str(error)


def test_misspelt_table_name() -> None:
    error = _reject(read_interventions, swap(INTERVENTION, "[[interventions]]", "[[intervention]]"))
    assert error.key == "intervention"
    assert "unknown top-level key" in error.problem


def test_invalid_toml_names_the_problem() -> None:
    error = _reject(read_interventions, "[[interventions]\nid = ")
    assert "not valid TOML" in str(error)


def test_a_file_path_is_named_in_the_message(tmp_path: Path) -> None:
    path = tmp_path / "my_catalogue.toml"
    path.write_text(swap(INTERVENTION, 'level = "school"', 'level = "town"'), encoding="utf-8")
    with pytest.raises(EvidenceDataError) as caught:
        read_interventions(path)
    assert str(caught.value).startswith("my_catalogue.toml, entry 'test_programme', key 'level'")


ROOT_CASES = [
    ("unknown root id", 'id = "attachment"', 'id = "attachments"', "attachments", "id",
     "'societal_pressure'"),
    ("unknown link target", 'target = "loneliness"', 'target = "sadness"', "attachment",
     "raises.0.target", "'M1'"),
    ("link without source", 'source = { confidence = "verified", citation = "Synthetic B (2021). Test J 2:2" }',
     "", "attachment", "raises.0.source", "Field required"),
    ("correlation out of range", "value = 0.38", "value = -1.5", "attachment",
     "raises.0.effect.value", "-1..1"),
    ("unknown direction", 'target = "loneliness"', 'target = "loneliness"\ndirection = "up"',
     "attachment", "raises.0.direction", "'lowers'"),
]


@pytest.mark.parametrize(
    ("old", "new", "entry", "key", "words"),
    [case[1:] for case in ROOT_CASES],
    ids=[case[0] for case in ROOT_CASES],
)
def test_root_rules(old: str, new: str, entry: str, key: str, words: str) -> None:
    error = _reject(read_roots, swap(ROOT, old, new))
    assert (error.entry, error.key) == (entry, key)
    assert words in error.problem


def test_root_without_links() -> None:
    start = ROOT.index("[[roots.raises]]")
    error = _reject(read_roots, ROOT[:start])
    assert (error.entry, error.key) == ("attachment", "raises")


CALIBRATION_CASES = [
    ("prevalence written as a percentage", "value = 0.02", "value = 2.0", "test_prevalence",
     "value", "0-1"),
    ("prevalence CI above value", "ci_low = 0.01", "ci_low = 0.05", "test_prevalence", "ci_low",
     "above the value"),
    ("age band reversed", "age_low = 15\nage_high = 39", "age_low = 39\nage_high = 15",
     "test_prevalence", "age_high", "must be above age_low"),
    ("age beyond 100", "age_high = 39", "age_high = 120", "test_prevalence", "age_high",
     "less than or equal to 100"),
    ("age band half given", "age_high = 39\n", "", "test_prevalence", "age_high",
     "given together"),
    ("implausible survey year", "year = 2020\nage_low", "year = 1890\nage_low", "test_prevalence",
     "year", "1950"),
    ("unknown definition", 'definition = "test_definition"\nvalue',
     'definition = "who_knows"\nvalue', "test_prevalence", "definition", "test_definition"),
    ("more cases than respondents", "cases = 20", "cases = 2000", "test_prevalence", "cases",
     "exceed sample_size"),
    ("country not an ISO code", 'country = "NL"\nsurvey = "Synthetic survey"\nyear = 2020\nage_low',
     'country = "nl"\nsurvey = "Synthetic survey"\nyear = 2020\nage_low', "test_prevalence",
     "country", "pattern"),
    ("unknown role", 'role = "fit"\nsource = { confidence = "assumption", note = "Synthetic target." }\n\n[[distributions]]',
     'role = "tune"\nsource = { confidence = "assumption", note = "Synthetic target." }\n\n[[distributions]]',
     "test_prevalence", "role", "'validate'"),
    ("complete distribution not summing to 1", "{ low = 3, share = 0.25 }",
     "{ low = 3, share = 0.15 }", "test_duration", "bands", "sums to 1"),
    ("overlapping bands", "{ low = 1, high = 3, share = 0.35 }",
     "{ low = 0.8, high = 3, share = 0.35 }", "test_duration", "bands.1", "overlap"),
    ("band upper bound below lower", "{ low = 0.5, high = 1, share = 0.4 }",
     "{ low = 0.5, high = 0.2, share = 0.4 }", "test_duration", "bands.0.high", "above low"),
    ("shares beyond 1", "{ low = 0.5, high = 1, share = 0.4 }",
     "{ low = 0.5, high = 1, share = 1.4 }", "test_duration", "bands.0.share",
     "less than or equal to 1"),
    ("sex shares beyond 1", "share_female = 0.4", "share_female = 0.6", "test_sex",
     "share_female", "exceeds 1"),
    ("count with a fraction", "value = 1200", "value = 1200.5", "test_indicator", "value",
     "whole number"),
    ("negative count", "value = 1200", "value = -3", "test_indicator", "value", "whole number"),
]


@pytest.mark.parametrize(
    ("old", "new", "entry", "key", "words"),
    [case[1:] for case in CALIBRATION_CASES],
    ids=[case[0] for case in CALIBRATION_CASES],
)
def test_calibration_rules(old: str, new: str, entry: str, key: str, words: str) -> None:
    error = _reject(read_calibration_targets, swap(CALIBRATION, old, new))
    assert (error.entry, error.key) == (entry, key)
    assert words in error.problem


PARAMETER_CASES = [
    ("probability above 1", "value = 0.45\nlow = 0.40\nhigh = 0.50", "value = 1.45", "value", "0-1"),
    ("range low above value", "low = 0.40", "low = 0.47", "low", "above the value"),
    ("range only one bound", "high = 0.50\n", "", "high", "given together"),
    ("fractional persons", 'unit = "probability_per_year"\nvalue = 0.45\nlow = 0.40\nhigh = 0.50',
     'unit = "persons"\nvalue = 10.5', "value", "whole number"),
    ("more than 24 hours a day", 'unit = "probability_per_year"\nvalue = 0.45\nlow = 0.40\nhigh = 0.50',
     'unit = "hours_per_day"\nvalue = 25', "value", "24"),
    ("multiplier not positive", 'unit = "probability_per_year"\nvalue = 0.45\nlow = 0.40\nhigh = 0.50',
     'unit = "multiplier"\nvalue = 0', "value", "> 0"),
    ("derived value without method", ', note = "Midpoint of a synthetic range." }', " }", "source",
     "states the method"),
    ("unknown unit", 'unit = "probability_per_year"', 'unit = "percent"', "unit",
     "'proportion'"),
]


@pytest.mark.parametrize(
    ("old", "new", "key", "words"),
    [case[1:] for case in PARAMETER_CASES],
    ids=[case[0] for case in PARAMETER_CASES],
)
def test_parameter_rules(old: str, new: str, key: str, words: str) -> None:
    error = _reject(read_parameters, swap(PARAMETER, old, new))
    assert (error.entry, error.key) == ("test_parameter", key)
    assert words in error.problem


def test_mechanisms_must_all_be_present() -> None:
    text = """
[[mechanisms]]
id = "M1"
name = { nl = "Stress", en = "Stress" }
summary = { nl = "Synthetisch.", en = "Synthetic." }
lecture_section = "Slotalinea"
"""
    error = _reject(read_mechanisms, text)
    assert error.key == "mechanisms"
    assert "'M8'" in error.problem


def test_unknown_ids_list_the_known_ones() -> None:
    with pytest.raises(UnknownEntryError) as caught:
        get_intervention("hugs")
    assert "unknown intervention 'hugs'" in str(caught.value)
    assert "craft_family_programme" in str(caught.value)
    with pytest.raises(UnknownEntryError) as root_error:
        get_root("anxiety")
    assert "anxiety_depression" in str(root_error.value)
    assert isinstance(root_error.value, ValueError)
