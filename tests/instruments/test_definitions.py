"""Every shipped definition is valid and sourced; the validator rejects broken definitions."""

from __future__ import annotations

import copy
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from samen.instruments import InstrumentDefinitionError, get_instrument, list_instruments
from samen.instruments.registry import instrument_from_dict, load_instrument_file

REQUIRED = {
    "hq25", "hq25m", "phq9", "phqa", "gad7", "djg6", "ucla3", "rses", "scs_sf", "ecr_rs",
    "mini_spin", "smd9", "isi",
}
DATA = Path(str(resources.files("samen.instruments").joinpath("data")))


def _phq9() -> dict[str, Any]:
    return tomllib.loads((DATA / "phq9.toml").read_text(encoding="utf-8"))


def test_every_required_instrument_is_shipped() -> None:
    assert {i.id for i in list_instruments()} >= REQUIRED


@pytest.mark.parametrize("inst", list_instruments(), ids=lambda i: i.id)
def test_definition_is_complete(inst: Any) -> None:
    # Every band and cut-off has a citation or is an explicit assumption (Source enforces which).
    for band in (*inst.bands, *(b for s in inst.subscales for b in s.bands)):
        assert band.source.citation or band.source.is_assumption, band.key
    for cut in inst.cutoffs:
        assert cut.source.citation or cut.source.is_assumption, cut.id
    assert inst.source.citation, "the instrument itself needs its primary citation"
    # Wording shipped only where the licence allows; placeholders otherwise.
    if not inst.licence.wording_included:
        assert inst.licence.status == "restricted"
    # Items answer with the published values; every option has a label in both languages.
    for item in inst.items:
        for option in inst.options_for(item).options:
            assert option.label.nl
            assert option.label.en


@pytest.mark.parametrize("inst", list_instruments(), ids=lambda i: i.id)
def test_roots_are_known_to_the_evidence_base(inst: Any) -> None:
    from samen.evidence import load_roots

    known = {root.id for root in load_roots()}
    named = set(inst.roots) | {r for s in inst.subscales for r in s.roots}
    assert named <= known


def test_the_shipped_template_loads_from_its_file() -> None:
    assert load_instrument_file(DATA / "phq9.toml") == get_instrument("phq9")


def _broken(mutate: Any) -> dict[str, Any]:
    data = _phq9()
    mutate(data)
    return data


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d["bands"][0]["source"].pop("citation"), "needs a 'citation'"),
        (lambda d: d["bands"][1].update(min=4), "overlaps"),
        (lambda d: d["bands"][-1].update(max=26), "cover the whole score range"),
        (lambda d: d["cutoffs"][0].update(threshold=28), "outside"),
        (lambda d: d["items"][0].update(option_set="nope"), "unknown option set"),
        (lambda d: d["items"][1].update(number=5), "numbered 1..9"),
        (lambda d: d["items"][1].update(id="q1"), "item id 'q1' appears twice"),
        (lambda d: d["items"][0].update(loinc="44250"), "not a LOINC code"),
        (lambda d: d["alerts"][0].update(item="q99"), "unknown item 'q99'"),
        (lambda d: d["option_sets"][0]["options"][1].update(value=0), "repeats a value"),
        (lambda d: d.update(colour="blue"), "colour"),
        (lambda d: d["measures"].pop("nl"), "measures.nl"),
        (lambda d: d["scoring"].update(missing={"kind": "allow", "max_missing_total": 1}),
         "total_when_missing"),
        (lambda d: d["source"].update(doi="doi:10.1/x"), "is not of the form"),
    ],
)
def test_validator_rejects_broken_definitions(mutate: Any, expected: str) -> None:
    with pytest.raises(InstrumentDefinitionError, match="phq9") as caught:
        instrument_from_dict(_broken(mutate), origin="phq9.toml")
    assert expected in str(caught.value)


def test_a_toml_syntax_error_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "broken.toml"
    bad.write_text('id = "x"\nname = \n', encoding="utf-8")
    with pytest.raises(InstrumentDefinitionError, match=r"broken\.toml: not valid TOML"):
        load_instrument_file(bad)


def test_definitions_are_immutable() -> None:
    inst = get_instrument("phq9")
    with pytest.raises(Exception, match="frozen"):
        inst.items[0].reverse = True  # type: ignore[misc]
    assert copy.deepcopy(inst) == inst


def test_a_raw_subscale_must_consist_of_reverse_keyed_items() -> None:
    data = tomllib.loads((DATA / "scs_sf.toml").read_text(encoding="utf-8"))
    kindness = next(s for s in data["subscales"] if s["id"] == "self_kindness")
    kindness["apply_reversal"] = False  # q2 and q6 are not reverse-keyed
    with pytest.raises(InstrumentDefinitionError, match="'self_kindness' with apply_reversal"):
        instrument_from_dict(data, origin="scs_sf.toml")


def test_an_unverified_cutoff_warns() -> None:
    from samen.instruments import score

    answers = [2] * 25
    assert "cutoff_unverified" in [w.code for w in score("hq25m", answers, cutoff="lab_hq25").warnings]
    assert "cutoff_unverified" not in [w.code for w in score("hq25", answers).warnings]


LICENCE_WORDS = {"free": "free", "free_with_conditions": "free, with conditions",
                 "restricted": "restricted"}


@pytest.mark.parametrize("inst", list_instruments(), ids=lambda i: i.id)
def test_every_instrument_has_its_page_and_index_row(inst: Any) -> None:
    docs = Path(__file__).resolve().parents[2] / "docs" / "instruments"
    assert (docs / f"{inst.id}.md").is_file()
    index = (docs / "index.md").read_text(encoding="utf-8")
    row = next(line for line in index.splitlines() if line.startswith(f"| [{inst.id}]("))
    licence_cell = row.rstrip(" |").rsplit("|", 1)[1].strip()
    assert licence_cell.startswith(LICENCE_WORDS[inst.licence.status])
