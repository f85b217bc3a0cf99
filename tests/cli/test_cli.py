"""The CLI is a thin layer: each command's output, exit status and error messages."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from samen.cli.context import ExitStatus
from samen.instruments import list_instruments

PHQ9 = "0,1,2,3,0,1,2,3,0"  # total 12


def test_instruments_list_names_every_instrument(samen: Any) -> None:
    run = samen("instruments", "list", "--json")
    assert run.status == ExitStatus.SUCCESS
    assert [row["id"] for row in run.json] == [i.id for i in list_instruments()]
    table = samen("instruments", "list")
    for inst in list_instruments():
        assert inst.id in table.stdout


def test_instruments_show_prints_items_and_sources(samen: Any) -> None:
    run = samen("instruments", "show", "phq9")
    assert run.status == ExitStatus.SUCCESS
    assert "Kroenke" in run.stdout
    assert "Cut-off kroenke2001 (default): total >= 10" in run.stdout
    dutch = samen("instruments", "show", "phq9", lang="nl")
    assert "Weinig zin of plezier" in dutch.stdout


def test_instruments_show_json_is_the_definition(samen: Any) -> None:
    run = samen("instruments", "show", "phq9", "--json")
    assert run.json["id"] == "phq9"
    assert len(run.json["items"]) == 9


def test_score_json_has_the_promised_fields(samen: Any) -> None:
    run = samen("score", "phq9", "--answers", PHQ9, "--json")
    assert run.status == ExitStatus.SUCCESS
    data = run.json
    assert data["instrument"] == "phq9"
    assert data["total"] == 12
    assert data["subscales"] == {}
    assert data["band"]["key"] == "moderate"
    assert data["above_cutoff"] is True


def test_score_text_output(samen: Any) -> None:
    run = samen("score", "phq9", "--answers", "0,0,0,0,0,0,0,0,1")
    assert "PHQ-9 total: 1 (range 0-27)" in run.stdout
    assert "ALERT" in run.stdout  # item 9 answered above 0
    assert "Scoring version: phq9-sum-2001.1" in run.stdout


def test_score_with_named_and_numeric_cutoffs(samen: Any) -> None:
    numeric = samen("score", "phq9", "--answers", PHQ9, "--cutoff", "13", "--json")
    assert numeric.json["above_cutoff"] is False
    assert numeric.json["cutoff_used"]["custom"] is True
    unknown = samen("score", "phq9", "--answers", PHQ9, "--cutoff", "nope")
    assert unknown.status == ExitStatus.INVALID_INPUT
    assert "unknown cut-off 'nope'" in unknown.stderr


def test_bad_answers_give_one_clear_line_and_exit_3(samen: Any) -> None:
    cases = {
        "0,1,2": "expected 9 answers in item order, got 3",
        "0,1,2,3,0,1,2,3,7": "phq9 item q9: answer 7 is not one of the options 0, 1, 2, 3",
        "0,1,x,3,0,1,2,3,0": "phq9 item q3: answer 'x' is not a whole number",
        "0,1,,3,0,1,2,3,0": "phq9 item q3: is unanswered",
    }
    for answers, message in cases.items():
        run = samen("score", "phq9", "--answers", answers)
        assert run.status == ExitStatus.INVALID_INPUT, answers
        assert run.stdout == ""
        assert message in run.stderr
        assert run.stderr.startswith("samen: error: ")
        assert "Traceback" not in run.stderr


def test_unknown_instrument(samen: Any) -> None:
    run = samen("score", "phq10", "--answers", PHQ9)
    assert run.status == ExitStatus.INVALID_INPUT
    assert "unknown instrument 'phq10'" in run.stderr


def test_score_needs_answers_or_fhir(samen: Any) -> None:
    neither = samen("score", "phq9")
    assert neither.status == ExitStatus.INVALID_INPUT
    assert "give an instrument ID and --answers" in neither.stderr


def test_usage_errors_exit_2(samen: Any) -> None:
    run = samen("frobnicate")
    assert run.status == ExitStatus.USAGE
    assert "invalid choice: 'frobnicate'" in run.stderr


def test_missing_file_exits_4(samen: Any, tmp_path: Path) -> None:
    run = samen("score", "--fhir", str(tmp_path / "absent.json"))
    assert run.status == ExitStatus.FILE_ERROR
    assert "absent.json" in run.stderr


def test_invalid_json_file_is_named(samen: Any, tmp_path: Path) -> None:
    bad = tmp_path / "response.json"
    bad.write_text("{not json", encoding="utf-8")
    run = samen("score", "--fhir", str(bad))
    assert run.status == ExitStatus.INVALID_INPUT
    assert "response.json: not valid JSON (line 1" in run.stderr


def test_tour_runs_on_synthetic_data(samen: Any) -> None:
    run = samen("tour")
    assert run.status == ExitStatus.SUCCESS
    assert "synthetic" in run.stdout
    assert "HQ-25" in run.stdout
    assert "stage:" in run.stdout


def test_console_script_is_installed() -> None:
    exe = shutil.which("samen")
    command = [exe] if exe else [sys.executable, "-m", "samen"]
    done = subprocess.run([*command, "score", "phq9", "--answers", PHQ9, "--json"],
                          capture_output=True, text=True, check=False, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["total"] == 12


def test_python_dash_m_entry_point() -> None:
    done = subprocess.run([sys.executable, "-m", "samen", "--version"],
                          capture_output=True, text=True, check=False, timeout=60)
    assert done.returncode == 0
    assert done.stdout.startswith("samen 0.")


def test_evidence_table_and_json(samen: Any) -> None:
    table = samen("evidence", "--level", "parents")
    assert table.status == ExitStatus.SUCCESS
    assert "craft_family_programme" in table.stdout
    assert "cbt_social_anxiety" not in table.stdout  # a care-level entry
    data = samen("evidence", "--format", "json").json
    assert {i["level"] for i in data["interventions"]} == {
        "parents", "school", "community", "policy", "care"}
    dutch = samen("evidence", "--level", "parents", lang="nl")
    assert "Ouders" in dutch.stdout or "ouders" in dutch.stdout


def test_evidence_unknown_level_is_a_clear_error(samen: Any) -> None:
    run = samen("evidence", "--level", "nope")
    assert run.status == ExitStatus.INVALID_INPUT
    assert "unknown level 'nope'; known levels: parents, school, community, policy, care" in run.stderr


def _weeks_csv(path: Path, isolated_weeks: int) -> Path:
    # Two weeks at school, then `isolated_weeks` weeks out on 1 day, no school, impaired.
    from datetime import date, timedelta

    rows = ["week_start,days_out,room_bound,in_school_or_work,impairment"]
    start = date(2026, 1, 5)
    for n in range(2):
        rows.append(f"{start + timedelta(weeks=n)},5,no,yes,no")
    for n in range(2, 2 + isolated_weeks):
        rows.append(f"{start + timedelta(weeks=n)},1,no,no,yes")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_withdrawal_json_from_csv(samen: Any, tmp_path: Path) -> None:
    run = samen("withdrawal", str(_weeks_csv(tmp_path / "weeks.csv", 13)), "--json")
    assert run.status == ExitStatus.SUCCESS, run.stderr
    data = run.json
    # 13 isolated weeks from 2026-01-19 = 3 months -> pre-hikikomori; 1 day out -> moderate.
    assert data["stage"] == "pre_hikikomori"
    assert data["severity"] == "moderate"
    assert data["episode_start"] == "2026-01-19"
    assert data["duration_weeks"] == 13


def test_withdrawal_text_and_bad_row(samen: Any, tmp_path: Path) -> None:
    run = samen("withdrawal", str(_weeks_csv(tmp_path / "weeks.csv", 26)))
    assert "Stage: hikikomori" in run.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("week_start,days_out,room_bound,in_school_or_work,impairment\n"
                   "2026-01-05,9,no,no,yes\n", encoding="utf-8")
    failed = samen("withdrawal", str(bad))
    assert failed.status == ExitStatus.INVALID_INPUT
    assert "row 1" in failed.stderr
    assert "days_out" in failed.stderr


def test_fhir_questionnaire_response_and_scoring_round_trip(samen: Any, tmp_path: Path) -> None:
    questionnaire = samen("fhir", "questionnaire", "gad7").json
    assert questionnaire["resourceType"] == "Questionnaire"
    assert questionnaire["code"][0]["code"] == "69737-5"
    out = tmp_path / "response.json"
    made = samen("fhir", "response", "gad7", "--answers", "3,3,3,0,0,0,1", "--out", str(out))
    assert made.status == ExitStatus.SUCCESS
    scored = samen("score", "--fhir", str(out), "--json").json
    assert scored["instrument"] == "gad7"
    assert scored["total"] == 10  # 3+3+3+0+0+0+1
    assert scored["above_cutoff"] is True


def test_labels_follow_the_chosen_language(samen: Any, tmp_path: Path) -> None:
    score = samen("score", "phq9", "--answers", "0,0,0,0,0,0,0,0,1", lang="nl")
    assert "PHQ-9 totaal: 1 (bereik 0-27)" in score.stdout
    assert "SIGNAAL" in score.stdout
    assert "Scoringsversie: phq9-sum-2001.1" in score.stdout
    assert "Scoring version" not in score.stdout
    show = samen("instruments", "show", "phq9", lang="nl")
    assert "Afkappunt kroenke2001 (standaard): total >= 10" in show.stdout
    weeks = samen("withdrawal", str(_weeks_csv(tmp_path / "weeks.csv", 13)), lang="nl")
    assert "Fase: pre-hikikomori" in weeks.stdout
    assert "Ernst: matig" in weeks.stdout
    tour = samen("tour", lang="nl")
    assert "een rondleiding (alleen synthetische gegevens)" in tour.stdout
    assert "Probeer het zelf" in tour.stdout
