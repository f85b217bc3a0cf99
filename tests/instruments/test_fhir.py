"""FHIR Questionnaire export and import: valid R4, lossless round trip, typed errors.

Expected values are written out from the published rules (PHQ-9: LOINC 44249-1, items scored 0-3,
shared/evidence/instruments.md section 4) or from the synthetic instrument built below.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire

from samen.instruments import (
    Instrument,
    InstrumentDefinitionError,
    get_instrument,
    list_instruments,
)
from samen.instruments.errors import FhirError
from samen.instruments.fhir import (
    EXT_ANSWER_LOINC,
    EXT_DEFINITION,
    FHIR_BASE,
    instrument_from_questionnaire,
    questionnaire_for,
)
from samen.instruments.registry import instrument_from_dict

ITEM_WEIGHT = "http://hl7.org/fhir/StructureDefinition/itemWeight"
ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
CALCULATED = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression"
HIDDEN = "http://hl7.org/fhir/StructureDefinition/questionnaire-hidden"
SHIPPED = list_instruments()

_ASSUMPTION = {"confidence": "assumption", "note": "Synthetic test instrument; no real source."}


def _text(word: str) -> dict[str, str]:
    return {"nl": f"{word} (nl)", "en": f"{word} (en)"}


def tiny_definition() -> dict[str, Any]:
    """Three items on a 1-4 scale, item t2 reverse-keyed; a 0/1-weighted yes/no item t3."""
    return {
        "id": "tiny", "short_name": "TINY", "name": "Tiny synthetic scale", "version": "0.1.0",
        "measures": _text("Measures"), "description": _text("Description"),
        "time_frame": _text("Time frame"), "limits": _text("Limits"),
        "respondents": ["young_person"], "source": _ASSUMPTION,
        "licence": {"status": "free", "wording_included": True, "note": _text("Licence"),
                    "source": _ASSUMPTION},
        "option_sets": [
            {"id": "agree4", "options": [
                {"value": v, "label": _text(f"agree {v}")} for v in (1, 2, 3, 4)
            ]},
            {"id": "yes_no", "options": [
                {"value": 1, "weight": 1.0, "label": _text("yes")},
                {"value": 2, "weight": 0.0, "label": _text("no")},
            ]},
        ],
        "items": [
            {"id": "t1", "number": 1, "text": _text("Item one"), "option_set": "agree4"},
            {"id": "t2", "number": 2, "text": _text("Item two"), "option_set": "agree4",
             "reverse": True},
            {"id": "t3", "number": 3, "text": _text("Item three"), "option_set": "yes_no"},
        ],
        "scoring": {
            "method": "sum", "version": "tiny-1",
            "missing": {"kind": "allow", "max_missing_total": 1,
                        "total_when_missing": "prorate", "source": _ASSUMPTION},
            "source": _ASSUMPTION,
        },
        "subscales": [
            {"id": "pair", "name": _text("Pair"), "items": ["t1", "t2"], "method": "mean",
             "status": "provisional", "source": _ASSUMPTION},
        ],
    }


def tiny() -> Instrument:
    return instrument_from_dict(tiny_definition(), origin="tiny (test)")


def _item(resource: dict[str, Any], link_id: str) -> dict[str, Any]:
    return next(i for i in resource["item"] if i["linkId"] == link_id)


def _ext(element: dict[str, Any], url: str) -> dict[str, Any]:
    return next(e for e in element.get("extension", []) if e["url"] == url)


def _english(element: dict[str, Any], key: str) -> str:
    translation = _ext(element[f"_{key}"], TRANSLATION)
    parts = {p["url"]: p for p in translation["extension"]}
    assert parts["lang"]["valueCode"] == "en"
    return str(parts["content"]["valueString"])


def _weights(item: dict[str, Any], url: str = ITEM_WEIGHT) -> dict[str, float]:
    return {o["valueCoding"]["code"]: _ext(o, url)["valueDecimal"] for o in item["answerOption"]}


# -- every shipped instrument ------------------------------------------------------------------


@pytest.mark.parametrize("inst", SHIPPED, ids=lambda i: i.id)
def test_questionnaire_round_trip_is_lossless(inst: Instrument) -> None:
    assert instrument_from_questionnaire(questionnaire_for(inst)) == inst


@pytest.mark.parametrize("inst", SHIPPED, ids=lambda i: i.id)
def test_questionnaire_is_valid_r4(inst: Instrument) -> None:
    resource = questionnaire_for(inst.id)
    parsed = Questionnaire.model_validate(resource)
    assert parsed.status == "active"
    assert parsed.url == f"https://samen.invalid/fhir/Questionnaire/{inst.id}"
    # The resource survives a JSON round trip unchanged (no Python-only values in it).
    assert json.loads(json.dumps(resource)) == resource


@pytest.mark.parametrize("inst", SHIPPED, ids=lambda i: i.id)
def test_weights_carry_the_reversal(inst: Instrument) -> None:
    resource = questionnaire_for(inst)
    for item in inst.items:
        options = inst.options_for(item).options
        raw = {str(o.value): o.value if o.weight is None else o.weight for o in options}
        low, high = min(raw.values()), max(raw.values())
        # Published rule for reverse keying: weight' = min + max - weight.
        expected = {k: low + high - w if item.reverse else w for k, w in raw.items()}
        element = _item(resource, item.id)
        assert _weights(element) == expected, item.id
        assert _weights(element, ORDINAL_VALUE) == expected, item.id


# -- PHQ-9 in detail ---------------------------------------------------------------------------


def test_phq9_questionnaire_header() -> None:
    q = questionnaire_for("phq9")
    assert FHIR_BASE == "https://samen.invalid/fhir"
    assert q["url"] == "https://samen.invalid/fhir/Questionnaire/phq9"
    assert q["version"] == "1.0.0"
    assert q["name"] == "SamenPhq9"
    assert q["identifier"] == [{"system": f"{FHIR_BASE}/instrument-id", "value": "phq9"}]
    assert q["language"] == "nl"
    assert q["code"] == [{"system": "http://loinc.org", "code": "44249-1"}]
    assert "Pfizer" in q["copyright"]
    assert "Pfizer" in _english(q, "copyright")
    assert json.loads(_ext(q, EXT_DEFINITION)["valueString"])["id"] == "phq9"


def test_phq9_choice_item() -> None:
    q1 = _item(questionnaire_for("phq9"), "q1")
    phq9 = get_instrument("phq9")
    assert q1["type"] == "choice"
    assert q1["code"] == [{"system": "http://loinc.org", "code": "44250-9"}]
    assert q1["text"] == phq9.item("q1").text.nl
    assert _english(q1, "text") == phq9.item("q1").text.en
    codings = [o["valueCoding"] for o in q1["answerOption"]]
    assert {c["system"] for c in codings} == {f"{FHIR_BASE}/CodeSystem/phq9-frequency4"}
    assert [c["code"] for c in codings] == ["0", "1", "2", "3"]
    assert _english(codings[3], "display") == "Nearly every day"
    # PHQ-9 has no reverse items: weight = value.
    assert _weights(q1) == {"0": 0, "1": 1, "2": 2, "3": 3}
    # LOINC answer codes ride along (LA6568-5 = "Not at all" ... LA6571-9 = "Nearly every day").
    la = [_ext(o, EXT_ANSWER_LOINC)["valueCoding"]["code"] for o in q1["answerOption"]]
    assert la == ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"]


def test_phq9_total_is_a_hidden_calculated_item() -> None:
    total = _item(questionnaire_for("phq9"), "score-total")
    assert total["readOnly"] is True
    assert total["type"] == "decimal"
    assert _ext(total, HIDDEN)["valueBoolean"] is True
    assert total["code"] == [{"system": "http://loinc.org", "code": "44261-6"}]
    expression = _ext(total, CALCULATED)["valueExpression"]
    assert expression["language"] == "text/fhirpath"
    ids = " | ".join(f"'q{n}'" for n in range(1, 10))
    weights = f"%resource.repeat(item).where(linkId in ({ids})).answer.value.weight()"
    # PHQ-9 refuses missing items: the total exists only when all 9 are answered.
    assert expression["expression"] == f"iif({weights}.count() >= 9, {weights}.sum(), {{}})"


# -- the synthetic instrument: reversal, weights, mean subscale, prorating ----------------------


def test_tiny_reverse_item_weights_are_reversed() -> None:
    q = questionnaire_for(tiny())
    assert _weights(_item(q, "t1")) == {"1": 1, "2": 2, "3": 3, "4": 4}
    # t2 reversed on 1..4: 1 + 4 - v -> 4, 3, 2, 1.
    assert _weights(_item(q, "t2")) == {"1": 4, "2": 3, "3": 2, "4": 1}
    assert _weights(_item(q, "t3")) == {"1": 1.0, "2": 0.0}


def test_tiny_score_expressions_follow_the_missing_rule() -> None:
    q = questionnaire_for(tiny())
    total = _ext(_item(q, "score-total"), CALCULATED)["valueExpression"]["expression"]
    w = "%resource.repeat(item).where(linkId in ('t1' | 't2' | 't3')).answer.value.weight()"
    # One of 3 items may be missing (so >= 2 answered); the total is prorated to 3 items.
    assert total == f"iif({w}.count() >= 2, {w}.sum() * 3 / {w}.count(), {{}})"
    pair = _item(q, "score-pair")
    assert pair["text"] == "Pair (nl)"
    assert _english(pair, "text") == "Pair (en)"
    w = "%resource.repeat(item).where(linkId in ('t1' | 't2')).answer.value.weight()"
    assert _ext(pair, CALCULATED)["valueExpression"]["expression"] == (
        f"iif({w}.count() >= 2, {w}.sum() / {w}.count(), {{}})"
    )


def test_tiny_round_trip() -> None:
    assert instrument_from_questionnaire(questionnaire_for(tiny())) == tiny()


# -- import: licensed wording, no extension, other language -------------------------------------


def test_import_replaces_item_texts_with_the_questionnaires() -> None:
    q = questionnaire_for("phq9")
    q1 = _item(q, "q1")
    q1["text"] = "Officiele tekst 1"
    q1["_text"]["extension"][0]["extension"][1]["valueString"] = "Official text 1"
    imported = instrument_from_questionnaire(q)
    assert imported.item("q1").text.nl == "Officiele tekst 1"
    assert imported.item("q1").text.en == "Official text 1"
    phq9 = get_instrument("phq9")
    assert imported.item("q2").text == phq9.item("q2").text
    assert imported.cutoffs == phq9.cutoffs
    assert imported.items[1:] == phq9.items[1:]


def test_import_without_samen_extension_uses_the_shipped_structure() -> None:
    q = questionnaire_for("phq9")
    del q["extension"]
    assert instrument_from_questionnaire(q) == get_instrument("phq9")


def test_import_of_an_english_questionnaire_with_dutch_translations() -> None:
    q = questionnaire_for("phq9")
    q["language"] = "en"
    q2 = _item(q, "q2")
    q2["text"] = "English official"
    q2["_text"]["extension"][0]["extension"] = [
        {"url": "lang", "valueCode": "nl-NL"}, {"url": "content", "valueString": "Nederlands"},
    ]
    imported = instrument_from_questionnaire(q)
    assert imported.item("q2").text.en == "English official"
    assert imported.item("q2").text.nl == "Nederlands"


def test_import_finds_items_inside_groups() -> None:
    q = questionnaire_for("phq9")
    q["item"] = [{"linkId": "page1", "type": "group", "item": q["item"]}]
    assert instrument_from_questionnaire(q) == get_instrument("phq9")


# -- import: bad input -------------------------------------------------------------------------


def _phq9_q() -> dict[str, Any]:
    return copy.deepcopy(questionnaire_for("phq9"))


def test_invalid_fhir_names_the_element() -> None:
    q = _phq9_q()
    del q["item"][2]["type"]
    with pytest.raises(FhirError) as err:
        instrument_from_questionnaire(q)
    assert err.value.path == "Questionnaire.item[2].type"


def test_wrong_resource_type() -> None:
    q = _phq9_q()
    q["resourceType"] = "QuestionnaireResponse"
    with pytest.raises(FhirError) as err:
        instrument_from_questionnaire(q)
    assert err.value.path == "Questionnaire.resourceType"


def test_not_a_json_object() -> None:
    with pytest.raises(FhirError, match="expected a JSON object"):
        instrument_from_questionnaire([])  # type: ignore[arg-type]


def test_broken_definition_json() -> None:
    q = _phq9_q()
    q["extension"][0]["valueString"] = "{not json"
    with pytest.raises(FhirError) as err:
        instrument_from_questionnaire(q)
    assert err.value.path == "Questionnaire.extension[0].valueString"


def test_definition_that_is_not_a_valid_instrument() -> None:
    q = _phq9_q()
    definition = json.loads(q["extension"][0]["valueString"])
    definition["items"][0]["option_set"] = "nope"
    q["extension"][0]["valueString"] = json.dumps(definition)
    with pytest.raises(InstrumentDefinitionError, match=r"extension\[0\].valueString.*'nope'"):
        instrument_from_questionnaire(q)


def test_unknown_questionnaire_without_definition() -> None:
    q = _phq9_q()
    del q["extension"]
    q["url"] = "http://example.org/Questionnaire/phq9"
    q["identifier"] = []
    with pytest.raises(InstrumentDefinitionError, match=r"^Questionnaire\.url: .*example\.org"):
        instrument_from_questionnaire(q)


def test_foreign_url_with_definition_is_rejected() -> None:
    q = _phq9_q()
    q["url"] = "http://example.org/Questionnaire/phq9"
    with pytest.raises(InstrumentDefinitionError, match=r"^Questionnaire\.url: "):
        instrument_from_questionnaire(q)


def test_version_mismatch() -> None:
    q = _phq9_q()
    q["version"] = "9.9.9"
    with pytest.raises(InstrumentDefinitionError, match=r"^Questionnaire\.version: '9\.9\.9'"):
        instrument_from_questionnaire(q)


def test_weight_that_disagrees_with_samen_scoring() -> None:
    q = _phq9_q()
    # As if someone reverse-keyed q1 in the Questionnaire: option 0 weighted 3.
    q["item"][0]["answerOption"][0]["extension"][0]["valueDecimal"] = 3
    with pytest.raises(InstrumentDefinitionError) as err:
        instrument_from_questionnaire(q)
    assert str(err.value).startswith("Questionnaire.item[0].answerOption[0].extension[0]: ")
    assert "item q1" in str(err.value)


def test_option_that_is_not_an_option() -> None:
    q = _phq9_q()
    q["item"][1]["answerOption"][1]["valueCoding"]["code"] = "7"
    pattern = r"^Questionnaire\.item\[1\]\.answerOption\[1\]: .*q2"
    with pytest.raises(InstrumentDefinitionError, match=pattern):
        instrument_from_questionnaire(q)


def test_option_missing_from_an_item() -> None:
    q = _phq9_q()
    del q["item"][4]["answerOption"][3]
    pattern = r"item\[4\]\.answerOption: item q5 offers values \[0, 1, 2\]"
    with pytest.raises(InstrumentDefinitionError, match=pattern):
        instrument_from_questionnaire(q)


def test_missing_item() -> None:
    q = _phq9_q()
    del q["item"][8]
    with pytest.raises(InstrumentDefinitionError, match=r"item\(s\) q9 are missing"):
        instrument_from_questionnaire(q)


def test_unknown_item() -> None:
    q = _phq9_q()
    q["item"][3]["linkId"] = "q99"
    pattern = r"^Questionnaire\.item\[3\]\.linkId: 'q99'"
    with pytest.raises(InstrumentDefinitionError, match=pattern):
        instrument_from_questionnaire(q)


def test_duplicate_item() -> None:
    q = _phq9_q()
    q["item"].append(copy.deepcopy(q["item"][0]))
    pattern = r"'q1' already at Questionnaire\.item\[0\]"
    with pytest.raises(InstrumentDefinitionError, match=pattern):
        instrument_from_questionnaire(q)


def test_item_of_the_wrong_type() -> None:
    q = _phq9_q()
    q["item"][0]["type"] = "string"
    del q["item"][0]["answerOption"]
    with pytest.raises(InstrumentDefinitionError, match=r"^Questionnaire\.item\[0\]\.type: "):
        instrument_from_questionnaire(q)


def test_unsupported_language() -> None:
    q = _phq9_q()
    q["language"] = "de"
    with pytest.raises(FhirError) as err:
        instrument_from_questionnaire(q)
    assert err.value.path == "Questionnaire.language"


def test_reserved_link_id_in_an_instrument() -> None:
    data = tiny_definition()
    data["items"][0]["id"] = "score-total"
    data["subscales"][0]["items"] = ["score-total", "t2"]
    with pytest.raises(InstrumentDefinitionError, match="'score-total' is reserved"):
        questionnaire_for(instrument_from_dict(data, origin="test"))


def test_an_import_cannot_change_the_scoring_of_a_shipped_instrument() -> None:
    # Moving the ISI's first band edge from 7 to 8 inside the carried definition would silently
    # rescore a total of 8 as "no insomnia"; the import must refuse it and name what changed.
    q = questionnaire_for("isi")
    extension = _ext(q, EXT_DEFINITION)
    definition = json.loads(extension["valueString"])
    definition["bands"][0]["max"] = 8
    definition["bands"][1]["min"] = 9
    extension["valueString"] = json.dumps(definition)
    with pytest.raises(InstrumentDefinitionError, match="differs from the shipped definition of 'isi' in bands"):
        instrument_from_questionnaire(q)


def test_an_import_may_bring_licensed_wording_for_a_shipped_instrument() -> None:
    q = questionnaire_for("isi")
    extension = _ext(q, EXT_DEFINITION)
    definition = json.loads(extension["valueString"])
    definition["items"][0]["text"] = {"nl": "Officiele tekst 1", "en": "Official text 1"}
    extension["valueString"] = json.dumps(definition)
    q["item"][0]["text"] = "Officiele tekst 1"
    imported = instrument_from_questionnaire(q)
    assert imported.items[0].text.nl == "Officiele tekst 1"
    assert imported.bands == get_instrument("isi").bands
