"""samen.sim.report: Parquet, summary.json, report.html and PNGs from hand-built runs.

Every expected number is worked out by hand below from the synthetic counts, never copied from the
code's output. Percentiles follow numpy's default (type 7): for three sorted values a <= b <= c the
median is b, the 5th percentile a + 0.1 (b - a) and the 95th b + 0.9 (c - b).
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

from samen.errors import SamenInputError
from samen.sim.report import (
    MalformedRunError,
    MixedRunsError,
    NoRunsError,
    OutputFiles,
    SeedMismatchError,
    UnknownAttributionError,
    write_outputs,
)
from samen.sim.report.texts import EN, NL
from samen.sim.results import STAGES, InterventionStats, RunResult

BANDS = ("10-19", "20-29")
NONE, PRE, HIK = STAGES.index("none"), STAGES.index("pre_hikikomori"), STAGES.index("hikikomori")
FEMALE, MALE = 0, 1
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
CHART_TITLES = ("chart_prevalence", "chart_duration", "chart_loneliness", "chart_online_hours",
                "chart_skills", "chart_reach", "chart_cost", "chart_averted")


def make_run(seed: int, hik_end: int, *, scenario: str = "demo", cost: float = 1000.0,
             loneliness_end: float = 0.4, interventions: bool = True, weeks: int = 2,
             iv_id: str = "peer_group") -> RunResult:
    """100 agents a week: 10-19 women are 50 - hik none + hik hikikomori; 20-29 men are
    45 none + 5 pre-hikikomori. Week 0 has 1 hikikomori, the last week ``hik_end``."""
    counts = np.zeros((weeks, len(STAGES), len(BANDS), 2), dtype=np.int32)
    for week in range(weeks):
        hik = hik_end if week == weeks - 1 else 1
        counts[week, NONE, 0, FEMALE] = 50 - hik
        counts[week, HIK, 0, FEMALE] = hik
        counts[week, NONE, 1, MALE] = 45
        counts[week, PRE, 1, MALE] = 5
    means = {
        "loneliness": np.array([0.2] * (weeks - 1) + [loneliness_end]),
        "online_hours": np.full(weeks, 3.0),
        "skills": np.full(weeks, 0.5),
    }
    ivs = (InterventionStats(iv_id, "community", reached=10 * seed, participant_weeks=40,
                             cost_eur=cost * seed, cost_is_assumption=True),) if interventions else ()
    return RunResult(
        scenario=scenario, seed=seed, agents=100, weeks=weeks, age_bands=BANDS, counts=counts,
        means=means, duration_counts=np.array([0, 5, 1, 0, 0, 0, 0, 0], dtype=np.int64),
        interventions=ivs, runtime_s=float(seed) * 1.7,
    )


def scenario_runs() -> list[RunResult]:
    # End hikikomori 2, 4, 10 of 100; loneliness at the end 0.3, 0.5, 0.4; cost 1000 x seed.
    return [make_run(1, 2, loneliness_end=0.3), make_run(2, 4, loneliness_end=0.5),
            make_run(3, 10, loneliness_end=0.4)]


def baseline_runs() -> list[RunResult]:
    # Listed out of seed order on purpose: pairing must go by seed, not by position.
    return [make_run(3, 20, scenario="baseline", interventions=False),
            make_run(1, 6, scenario="baseline", interventions=False),
            make_run(2, 6, scenario="baseline", interventions=False)]


def without_peer_group() -> list[RunResult]:
    return [make_run(s, h, scenario="demo_without_peer_group", interventions=False)
            for s, h in ((1, 3), (2, 5), (3, 10))]


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[OutputFiles, dict[str, object]]:
    out = tmp_path_factory.mktemp("full")
    files = write_outputs(out, scenario_runs(), baseline=baseline_runs(),
                          attribution={"peer_group": without_peer_group()})
    return files, json.loads(files.summary.read_text(encoding="utf-8"))


def test_timeseries_parquet_rows_and_values(written: tuple[OutputFiles, dict[str, object]]) -> None:
    files, _ = written
    table = pq.read_table(files.timeseries).to_pylist()
    # 3 runs x 2 weeks x 5 stages x 2 age bands x 2 sexes = 120 rows.
    assert len(table) == 120
    row = next(r for r in table if (r["seed"], r["week"], r["stage"], r["age_band"], r["sex"])
               == (3, 1, "hikikomori", "10-19", "female"))
    # Seed 3 ends with 10 hikikomori of 100 agents.
    assert row["count"] == 10
    assert row["prevalence"] == pytest.approx(0.10)
    assert row["scenario"] == "demo"
    week0 = [r for r in table if r["seed"] == 1 and r["week"] == 0]
    assert sum(r["count"] for r in week0) == 100
    assert sum(r["prevalence"] for r in week0) == pytest.approx(1.0)
    assert pq.read_schema(files.timeseries).field("count").type == "int32"


def test_means_parquet(written: tuple[OutputFiles, dict[str, object]]) -> None:
    files, _ = written
    rows = pq.read_table(files.means).to_pylist()
    # 3 runs x 2 weeks x 3 means = 18 rows.
    assert len(rows) == 18
    value = next(r["value"] for r in rows
                 if (r["seed"], r["week"], r["name"]) == (2, 1, "loneliness"))
    assert value == pytest.approx(0.5)


def test_interventions_parquet(written: tuple[OutputFiles, dict[str, object]]) -> None:
    files, _ = written
    rows = pq.read_table(files.interventions).to_pylist()
    assert [(r["seed"], r["reached"], r["cost_eur"]) for r in rows] == [
        (1, 10, 1000.0), (2, 20, 2000.0), (3, 30, 3000.0)]


def test_summary_end_prevalence_median_and_interval(
    written: tuple[OutputFiles, dict[str, object]],
) -> None:
    _, summary = written
    assert summary["seeds"] == [1, 2, 3]
    assert (summary["agents"], summary["weeks"], summary["runs"]) == (100, 2, 3)
    by_stage = summary["end_prevalence"]["by_stage"]  # type: ignore[index]
    # Hikikomori 0.02, 0.04, 0.10: median 0.04; 0.02 + 0.1 x 0.02 = 0.022; 0.04 + 0.9 x 0.06 = 0.094.
    assert by_stage["hikikomori"] == pytest.approx({"median": 0.04, "low": 0.022, "high": 0.094})
    # None (95 - hik) / 100 = 0.93, 0.91, 0.85 -> sorted 0.85, 0.91, 0.93:
    # median 0.91; 0.85 + 0.1 x 0.06 = 0.856; 0.91 + 0.9 x 0.02 = 0.928.
    assert by_stage["none"] == pytest.approx({"median": 0.91, "low": 0.856, "high": 0.928})
    assert by_stage["pre_hikikomori"] == pytest.approx({"median": 0.05, "low": 0.05, "high": 0.05})


def test_summary_prevalence_within_age_band_and_sex(
    written: tuple[OutputFiles, dict[str, object]],
) -> None:
    _, summary = written
    groups = summary["end_prevalence"]["by_age_band_and_sex"]  # type: ignore[index]
    # 10-19 women: 2, 4, 10 of 50 = 0.04, 0.08, 0.20: median 0.08;
    # 0.04 + 0.1 x 0.04 = 0.044; 0.08 + 0.9 x 0.12 = 0.188.
    assert groups["hikikomori"]["10-19"]["female"] == pytest.approx(
        {"median": 0.08, "low": 0.044, "high": 0.188})
    # 20-29 men: 5 of 50 pre-hikikomori in every run = 0.1.
    assert groups["pre_hikikomori"]["20-29"]["male"] == pytest.approx(
        {"median": 0.1, "low": 0.1, "high": 0.1})
    # 10-19 men: nobody in the group, so no prevalence (null, not 0).
    assert groups["hikikomori"]["10-19"]["male"] == {"median": None, "low": None, "high": None}


def test_summary_means_duration_and_interventions(
    written: tuple[OutputFiles, dict[str, object]],
) -> None:
    _, summary = written
    # Loneliness at the end 0.3, 0.5, 0.4 -> sorted 0.3, 0.4, 0.5: 0.4; 0.31; 0.49.
    assert summary["end_means"]["loneliness"] == pytest.approx(  # type: ignore[index]
        {"median": 0.4, "low": 0.31, "high": 0.49})
    bins = summary["duration_at_end"]
    # Bin 13-26 weeks holds 5 of the 6 ongoing episodes in every run.
    assert (bins[1]["from_weeks"], bins[1]["to_weeks"]) == (13, 26)  # type: ignore[index]
    assert bins[1]["share"]["median"] == pytest.approx(5 / 6)  # type: ignore[index]
    peer = summary["interventions"]["peer_group"]  # type: ignore[index]
    # Reached 10, 20, 30: 20; 10 + 0.1 x 10 = 11; 20 + 0.9 x 10 = 29.
    assert peer["reached"] == pytest.approx({"median": 20, "low": 11, "high": 29})
    assert peer["cost_is_assumption"] is True
    # Withdrawn weeks = (5 + 1) in week 0 + (5 + hik_end) in week 1 = 13, 15, 21:
    # median 15; 13 + 0.1 x 2 = 13.2; 15 + 0.9 x 6 = 20.4.
    assert summary["withdrawn_weeks"] == pytest.approx({"median": 15, "low": 13.2, "high": 20.4})


def test_averted_is_paired_per_seed(written: tuple[OutputFiles, dict[str, object]]) -> None:
    _, summary = written
    averted = summary["averted_vs_baseline"]
    # Baseline withdrawn weeks (6 + 6, 6 + 6, 6 + 20) = 17, 17, 31 for seeds 1, 2, 3;
    # scenario 13, 15, 21; paired differences 4, 2, 10 (an unpaired median difference would be
    # 17 - 15 = 2). Sorted 2, 4, 10: median 4; 2 + 0.1 x 2 = 2.2; 4 + 0.9 x 6 = 9.4.
    assert averted["per_seed"] == [4, 2, 10]  # type: ignore[index]
    assert averted["withdrawn_weeks"] == pytest.approx(  # type: ignore[index]
        {"median": 4, "low": 2.2, "high": 9.4})
    # Mean extra cost (1000 + 2000 + 3000) / 3 = 2000; mean averted 16 / 3; 2000 / (16 / 3) = 375.
    assert averted["cost_eur_per_averted_week"] == pytest.approx(375.0)  # type: ignore[index]
    assert averted["cost_is_assumption"] is True  # type: ignore[index]


def test_averted_by_intervention(written: tuple[OutputFiles, dict[str, object]]) -> None:
    _, summary = written
    peer = summary["averted_by_intervention"]["peer_group"]  # type: ignore[index]
    # Without peer_group: 6 + (5 + 3, 5 + 5, 5 + 10) = 14, 16, 21; with: 13, 15, 21 -> 1, 1, 0.
    # Sorted 0, 1, 1: median 1; 0 + 0.1 x 1 = 0.1; 1 + 0.9 x 0 = 1.
    assert peer["per_seed"] == [1, 1, 0]
    assert peer["withdrawn_weeks"] == pytest.approx({"median": 1, "low": 0.1, "high": 1})
    # 2000 EUR mean extra cost / (2 / 3) weeks = 3000 EUR per averted week.
    assert peer["cost_eur_per_averted_week"] == pytest.approx(3000.0)


def test_summary_is_byte_identical_and_rounded(tmp_path: Path) -> None:
    runs = scenario_runs()
    first = write_outputs(tmp_path / "a", runs, baseline=baseline_runs())
    # Same runs in another order, with other run times: the same bytes.
    shuffled = [replace(runs[2], runtime_s=99.0), runs[0], runs[1]]
    second = write_outputs(tmp_path / "b", shuffled, baseline=baseline_runs())
    assert first.summary.read_bytes() == second.summary.read_bytes()
    text = first.summary.read_text(encoding="utf-8")
    assert "runtime" not in text
    # Floats keep 6 significant digits: the 13-26 week share 5/6 is written as 0.833333.
    assert '"median": 0.833333' in text


def test_report_html_is_offline_and_has_every_chart(
    written: tuple[OutputFiles, dict[str, object]],
) -> None:
    files, _ = written
    html = files.report.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]*\bsrc\s*=", html, flags=re.IGNORECASE)
    assert not re.search(r"<link[^>]*\bhref\s*=\s*[\"']?https?:", html, flags=re.IGNORECASE)
    for key in CHART_TITLES:
        assert EN[key] in html, key
    assert EN["how_to_read_heading"] in html
    assert "vegaEmbed('#chart-7'" in html


def test_pngs_exist_one_per_chart(written: tuple[OutputFiles, dict[str, object]]) -> None:
    files, _ = written
    assert sorted(p.name for p in files.charts) == sorted(
        f"{name}.png" for name in ("prevalence", "duration", "loneliness", "online_hours",
                                   "skills", "reach", "cost", "averted"))
    for path in files.charts:
        assert path.read_bytes()[:8] == PNG_MAGIC, path


def test_dutch_report_skips_missing_charts_with_a_sentence(tmp_path: Path) -> None:
    runs = [make_run(1, 2, interventions=False), make_run(2, 3, interventions=False)]
    files = write_outputs(tmp_path, runs, language="nl")
    html = files.report.read_text(encoding="utf-8")
    assert '<html lang="nl">' in html
    assert NL["title"].format(scenario="demo") in html
    for key in CHART_TITLES:
        assert NL[key] in html, key
    assert NL["skip_no_interventions"] in html
    assert NL["skip_no_averted"] in html
    assert {p.stem for p in files.charts} == {
        "prevalence", "duration", "loneliness", "online_hours", "skills"}
    assert json.loads(files.summary.read_text(encoding="utf-8"))["averted_vs_baseline"] is None


def test_charts_use_the_catalogue_name_in_the_report_language(tmp_path: Path) -> None:
    runs = [make_run(1, 2, iv_id="craft_family_programme")]
    html = write_outputs(tmp_path, runs, language="nl").report.read_text(encoding="utf-8")
    # The catalogue's Dutch name, with the assumed-cost mark the cost chart adds.
    assert NL["assumed_cost"].format(name="CRAFT-gezinsprogramma voor ouders") in html


def test_texts_exist_in_both_languages() -> None:
    assert set(EN) == set(NL)


@pytest.mark.parametrize(
    ("runs", "error", "message"),
    [
        ([], NoRunsError, "no runs given"),
        ([make_run(1, 2), make_run(2, 2, scenario="other")], MixedRunsError, "'other'"),
        ([make_run(1, 2), make_run(2, 2, weeks=3)], MixedRunsError, "weeks differ"),
        ([make_run(1, 2), make_run(1, 4)], MixedRunsError, "seed(s) [1] appear more than once"),
    ],
)
def test_bad_ensembles_are_rejected(
    tmp_path: Path, runs: list[RunResult], error: type[SamenInputError], message: str,
) -> None:
    with pytest.raises(error, match=re.escape(message)):
        write_outputs(tmp_path / "out", runs)
    assert not (tmp_path / "out").exists()  # checked before anything is written


def test_malformed_counts_name_the_run(tmp_path: Path) -> None:
    good = make_run(1, 2)
    bad = RunResult(scenario="demo", seed=7, agents=100, weeks=2, age_bands=BANDS,
                    counts=good.counts[:, :, :1], means=good.means,
                    duration_counts=good.duration_counts)
    with pytest.raises(MalformedRunError, match=r"seed 7: counts has shape \(2, 5, 1, 2\)"):
        write_outputs(tmp_path, [bad])
    empty = RunResult(scenario="demo", seed=8, agents=100, weeks=2, age_bands=BANDS,
                      counts=np.zeros_like(good.counts), means=good.means,
                      duration_counts=good.duration_counts)
    with pytest.raises(MalformedRunError, match="seed 8: population is 0 in week 0"):
        write_outputs(tmp_path, [empty])


def test_baseline_with_other_seeds_is_rejected(tmp_path: Path) -> None:
    baseline = [make_run(s, 6, scenario="baseline") for s in (1, 2, 4)]
    with pytest.raises(SeedMismatchError, match=re.escape("baseline: seeds [1, 2, 4]")):
        write_outputs(tmp_path, scenario_runs(), baseline=baseline)


def test_attribution_must_name_an_intervention_and_match_seeds(tmp_path: Path) -> None:
    with pytest.raises(UnknownAttributionError, match="'school_buddy'"):
        write_outputs(tmp_path, scenario_runs(), attribution={"school_buddy": without_peer_group()})
    with pytest.raises(SeedMismatchError, match=re.escape("attribution['peer_group']")):
        write_outputs(tmp_path, scenario_runs(),
                      attribution={"peer_group": without_peer_group()[:2]})
    assert issubclass(SeedMismatchError, SamenInputError)
