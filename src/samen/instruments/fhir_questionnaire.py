"""FHIR R4 Questionnaire export and import for Samen instruments.

The Questionnaire carries the instrument twice: once in standard FHIR elements that other tools
understand (choice items, answer weights, a calculated total), and once complete, as JSON, in a
Samen extension, so that reading it back gives the identical :class:`Instrument`. Why, and the
other mapping choices, are in ``docs/decisions/0004-fhir-mapping.md``; the mapping itself is in
``docs/fhir.md``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any

from fhir.resources.R4B.questionnaire import Questionnaire
from pydantic import ValidationError

from samen.instruments.errors import FhirError, InstrumentDefinitionError
from samen.instruments.model import Instrument, Item
from samen.instruments.registry import get_instrument, instrument_from_dict, list_instruments
from samen.text import LocalizedText, bilingual

FHIR_BASE = "https://samen.invalid/fhir"
"""Canonical base of Samen's FHIR artefacts. ``.invalid`` is reserved (RFC 2606): the URLs are
stable identifiers that honestly do not resolve, until Samen publishes a real base."""

LOINC = "http://loinc.org"
EXT_TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
EXT_ITEM_WEIGHT = "http://hl7.org/fhir/StructureDefinition/itemWeight"
EXT_ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
EXT_HIDDEN = "http://hl7.org/fhir/StructureDefinition/questionnaire-hidden"
EXT_CALCULATED = (
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression"
)
EXT_DEFINITION = f"{FHIR_BASE}/StructureDefinition/instrument-definition"
"""valueString: the complete Samen instrument definition as JSON."""
EXT_ANSWER_LOINC = f"{FHIR_BASE}/StructureDefinition/answer-loinc-code"
"""valueCoding on an answerOption: the option's LOINC answer (LA) code."""
IDENTIFIER_SYSTEM = f"{FHIR_BASE}/instrument-id"
QUESTIONNAIRE_PREFIX = f"{FHIR_BASE}/Questionnaire/"
TOTAL_LINK_ID = "score-total"

_WEIGHT_EXTENSIONS = (EXT_ITEM_WEIGHT, EXT_ORDINAL_VALUE)


# -- helpers shared with fhir_response ---------------------------------------------------------


def resolve(instrument: Instrument | str) -> Instrument:
    return get_instrument(instrument) if isinstance(instrument, str) else instrument


def questionnaire_url(instrument_id: str) -> str:
    return QUESTIONNAIRE_PREFIX + instrument_id


def option_system(inst: Instrument, option_set_id: str) -> str:
    """The CodeSystem of one option set: codes are the published option values as text."""
    return f"{FHIR_BASE}/CodeSystem/{inst.id}-{option_set_id}"


def score_link_ids(inst: Instrument) -> dict[str, str]:
    """linkId of each calculated score item -> ``total`` or the subscale id."""
    ids = {} if inst.scoring.method == "none" else {TOTAL_LINK_ID: "total"}
    for sub in inst.subscales:
        link_id = f"score-{sub.id}"
        if link_id in ids or link_id in inst.item_ids:
            raise InstrumentDefinitionError(
                f"instrument {inst.id!r}: score linkId {link_id!r} clashes with another linkId"
            )
        ids[link_id] = sub.id
    if TOTAL_LINK_ID in inst.item_ids:
        raise InstrumentDefinitionError(
            f"instrument {inst.id!r}: item id {TOTAL_LINK_ID!r} is reserved for the total"
        )
    return ids


def option_coding(inst: Instrument, item: Item, value: int) -> dict[str, Any]:
    option = inst.options_for(item).option(value)
    assert option is not None, value
    return {
        "system": option_system(inst, item.option_set),
        "code": str(value),
        "display": option.label.nl,
        "_display": _translation(option.label.en),
    }


def coding_value(inst: Instrument, item: Item, system: object, code: object) -> int | None:
    """The option value a coding stands for: Samen's own code or the option's LOINC LA code."""
    options = inst.options_for(item).options
    if system == option_system(inst, item.option_set):
        return next((o.value for o in options if str(o.value) == code), None)
    if system == LOINC:
        return next((o.value for o in options if o.code is not None and o.code == code), None)
    return None


def validate_fhir(model: Any, resource: object, root: str) -> dict[str, Any]:
    """Validate ``resource`` with a fhir.resources model; problems become :class:`FhirError`."""
    if not isinstance(resource, dict):
        raise FhirError(root, f"expected a JSON object, got {type(resource).__name__}")
    if resource.get("resourceType") != root:
        raise FhirError(
            f"{root}.resourceType", f"is {resource.get('resourceType')!r}, expected {root!r}"
        )
    try:
        model.model_validate(resource)
    except ValidationError as exc:
        errors = exc.errors()
        more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
        raise FhirError(fhir_path(root, errors[0]["loc"]), errors[0]["msg"] + more) from exc
    return resource


def fhir_path(root: str, loc: tuple[int | str, ...]) -> str:
    """Turn a pydantic error location into a FHIR-style path: ``Questionnaire.item[2].text``."""
    path = root
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part == "resource_type":
            path += ".resourceType"
        else:
            path += "._" + part.removesuffix("__ext") if part.endswith("__ext") else f".{part}"
    return path


def walk_items(items: list[dict[str, Any]], path: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every item with its path, depth first, through nested items and items under answers."""
    for index, item in enumerate(items):
        here = f"{path}.item[{index}]"
        yield here, item
        yield from walk_items(item.get("item", []), here)
        for k, answer in enumerate(item.get("answer", [])):
            yield from walk_items(answer.get("item", []), f"{here}.answer[{k}]")


def _translation(english: str) -> dict[str, Any]:
    return {"extension": [{"url": EXT_TRANSLATION, "extension": [
        {"url": "lang", "valueCode": "en"},
        {"url": "content", "valueString": english},
    ]}]}


# -- export ------------------------------------------------------------------------------------


def questionnaire_for(instrument: Instrument | str) -> dict[str, Any]:
    """A FHIR R4 Questionnaire (JSON) for ``instrument``, validated with fhir.resources."""
    inst = resolve(instrument)
    resource: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "language": "nl",
        "extension": [{"url": EXT_DEFINITION, "valueString": definition_json(inst)}],
        "url": questionnaire_url(inst.id),
        "identifier": [{"system": IDENTIFIER_SYSTEM, "value": inst.id}],
        "version": inst.version,
        "name": "Samen" + "".join(part.capitalize() for part in inst.id.split("_")),
        "title": inst.name,
        "status": "active",
        "subjectType": ["Patient"],
        "description": inst.description.nl,
        "_description": _translation(inst.description.en),
        "purpose": inst.measures.nl,
        "_purpose": _translation(inst.measures.en),
        "copyright": inst.licence.note.nl,
        "_copyright": _translation(inst.licence.note.en),
        "item": [_choice_item(inst, item) for item in inst.items] + _score_items(inst),
    }
    if inst.loinc_panel:
        resource["code"] = [{"system": LOINC, "code": inst.loinc_panel}]
    return validate_fhir(Questionnaire, resource, "Questionnaire")


def definition_json(inst: Instrument) -> str:
    return json.dumps(inst.model_dump(mode="json", exclude_defaults=True), ensure_ascii=False)


def _choice_item(inst: Instrument, item: Item) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "linkId": item.id,
        "prefix": f"{item.number}.",
        "text": item.text.nl,
        "_text": _translation(item.text.en),
        "type": "choice",
        "answerOption": [],
    }
    if item.loinc:
        entry["code"] = [{"system": LOINC, "code": item.loinc}]
    for option in inst.options_for(item).options:
        # The weight after reversal, so a generic weight().sum() gives the published score.
        weight = inst.item_weight(item, option.value)
        extensions = [{"url": url, "valueDecimal": weight} for url in _WEIGHT_EXTENSIONS]
        if option.code:
            extensions.append(
                {"url": EXT_ANSWER_LOINC, "valueCoding": {"system": LOINC, "code": option.code}}
            )
        entry["answerOption"].append(
            {"extension": extensions, "valueCoding": option_coding(inst, item, option.value)}
        )
    return entry


def _score_items(inst: Instrument) -> list[dict[str, Any]]:
    found = []
    rule = inst.scoring.missing
    for link_id, target in score_link_ids(inst).items():
        if target == "total":
            text = bilingual(f"{inst.short_name} totaalscore", f"{inst.short_name} total score")
            expression = score_expression(
                inst.item_ids, inst.scoring.method,
                min_answered=len(inst.items) - rule.max_missing_total,
                prorate=rule.total_when_missing == "prorate",
            )
            code = inst.loinc_total
        else:
            sub = inst.subscale(target)
            assert sub is not None
            # Samen computes a subscale only when all its items are answered.
            text, code = sub.name, None
            expression = score_expression(sub.items, sub.method, min_answered=len(sub.items))
            if not sub.apply_reversal:
                # The items' weights are reversed; the model guarantees one scale for all of
                # them, so the raw score is the reflection low + high - reversed (per item).
                low, high = inst.item_range(inst.item(sub.items[0]))
                scale = 1 if sub.method == "mean" else len(sub.items)
                expression = f"iif(({expression}).exists(), {(low + high) * scale:g} - ({expression}), {{}})"
        found.append(_calculated_item(link_id, text, expression, code))
    return found


def score_expression(
    item_ids: tuple[str, ...], method: str, *, min_answered: int, prorate: bool = False
) -> str:
    """FHIRPath for a score that follows Samen's rule, empty when too few items are answered."""
    quoted = " | ".join("'" + i.replace("\\", "\\\\").replace("'", "\\'") + "'" for i in item_ids)
    weights = f"%resource.repeat(item).where(linkId in ({quoted})).answer.value.weight()"
    if method == "mean":
        value = f"{weights}.sum() / {weights}.count()"
    elif prorate:
        value = f"{weights}.sum() * {len(item_ids)} / {weights}.count()"
    else:
        value = f"{weights}.sum()"
    return f"iif({weights}.count() >= {min_answered}, {value}, {{}})"


def _calculated_item(
    link_id: str, text: LocalizedText, expression: str, code: str | None
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "extension": [
            {"url": EXT_HIDDEN, "valueBoolean": True},
            {"url": EXT_CALCULATED, "valueExpression": {
                "language": "text/fhirpath", "expression": expression,
            }},
        ],
        "linkId": link_id,
        "text": text.nl,
        "_text": _translation(text.en),
        "type": "decimal",
        "readOnly": True,
    }
    if code:
        entry["code"] = [{"system": LOINC, "code": code}]
    return entry


# -- import ------------------------------------------------------------------------------------


def instrument_from_questionnaire(resource: dict[str, Any]) -> Instrument:
    """The instrument a Questionnaire describes, with the Questionnaire's item texts.

    The structure comes from the Samen definition extension or, without it, from the shipped
    instrument named by ``url`` or ``identifier``; the Questionnaire's items must match it
    exactly (same linkIds, options and weights). Item texts (e.g. licensed official wording)
    replace the definition's texts.
    """
    validate_fhir(Questionnaire, resource, "Questionnaire")
    inst = _definition(resource)
    _check_header(resource, inst)
    language = _language(resource)
    texts: dict[str, LocalizedText] = {}
    where: dict[str, str] = {}
    scores = score_link_ids(inst)
    for path, element in walk_items(resource.get("item", []), "Questionnaire"):
        link_id = element["linkId"]
        if element["type"] in ("group", "display") or link_id in scores or _calculated(element):
            continue
        if link_id not in inst.item_ids:
            raise InstrumentDefinitionError(
                f"{path}.linkId: {link_id!r} is not an item of {inst.short_name} "
                f"(items: {', '.join(inst.item_ids)})"
            )
        if link_id in where:
            raise InstrumentDefinitionError(
                f"{path}.linkId: {link_id!r} already at {where[link_id]}"
            )
        where[link_id] = path
        item = inst.item(link_id)
        _check_options(inst, item, element, path)
        texts[link_id] = _localized(element, "text", language, item.text)
    missing = [i for i in inst.item_ids if i not in where]
    if missing:
        raise InstrumentDefinitionError(
            f"Questionnaire.item: {inst.short_name} item(s) {', '.join(missing)} are missing"
        )
    data = inst.model_dump(mode="json")
    for entry in data["items"]:
        entry["text"] = texts[entry["id"]].model_dump()
    return instrument_from_dict(data, origin="Questionnaire")


def _definition(resource: dict[str, Any]) -> Instrument:
    found = [(k, e) for k, e in enumerate(resource.get("extension", []))
             if e.get("url") == EXT_DEFINITION]
    if len(found) > 1:
        raise FhirError(f"Questionnaire.extension[{found[1][0]}]", "second Samen definition")
    if found:
        index, extension = found[0]
        path = f"Questionnaire.extension[{index}].valueString"
        try:
            data = json.loads(extension.get("valueString") or "")
        except json.JSONDecodeError as exc:
            raise FhirError(path, f"is not the JSON of a Samen instrument: {exc}") from exc
        if not isinstance(data, dict):
            raise FhirError(path, "must be a JSON object describing a Samen instrument")
        described = instrument_from_dict(data, origin=path)
        _check_matches_shipped(described, path)
        return described
    known = {i.id: i for i in list_instruments()}
    url = resource.get("url", "")
    if url.startswith(QUESTIONNAIRE_PREFIX) and url.removeprefix(QUESTIONNAIRE_PREFIX) in known:
        return known[url.removeprefix(QUESTIONNAIRE_PREFIX)]
    for ident in resource.get("identifier", []):
        if ident.get("system") == IDENTIFIER_SYSTEM and ident.get("value") in known:
            return known[ident["value"]]
    raise InstrumentDefinitionError(
        f"Questionnaire.url: {url or '(none)'!r} names no shipped instrument "
        f"({', '.join(sorted(known))}) and there is no {EXT_DEFINITION} extension"
    )


def _check_matches_shipped(described: Instrument, path: str) -> None:
    """An import may bring its own wording for a shipped instrument, never its own scoring."""
    shipped = {i.id: i for i in list_instruments()}.get(described.id)
    if shipped is None:
        return
    ours, theirs = _structure(shipped), _structure(described)
    changed = sorted(key for key in ours.keys() | theirs.keys() if ours.get(key) != theirs.get(key))
    if changed:
        raise InstrumentDefinitionError(
            f"{path}: differs from the shipped definition of {shipped.id!r} in "
            f"{', '.join(changed)}; an import may change item and option wording only"
        )


def _structure(inst: Instrument) -> dict[str, Any]:
    """The definition without its wording (item texts and option labels)."""
    data = inst.model_dump(mode="json")
    for item in data["items"]:
        item.pop("text")
    for option_set in data["option_sets"]:
        for option in option_set["options"]:
            option.pop("label")
    return data


def _check_header(resource: dict[str, Any], inst: Instrument) -> None:
    url = resource.get("url")
    if url is not None and url != questionnaire_url(inst.id):
        raise InstrumentDefinitionError(
            f"Questionnaire.url: {url!r} does not match instrument {inst.id!r} "
            f"(expected {questionnaire_url(inst.id)!r})"
        )
    version = resource.get("version")
    if version is not None and version != inst.version:
        raise InstrumentDefinitionError(
            f"Questionnaire.version: {version!r} differs from {inst.id} version {inst.version!r}"
        )


def _language(resource: dict[str, Any]) -> str:
    # Without Questionnaire.language the texts are taken as Dutch, Samen's default language.
    language = str(resource.get("language", "nl")).split("-")[0].lower()
    if language not in ("nl", "en"):
        raise FhirError("Questionnaire.language", f"{language!r} is not nl or en")
    return language


def _calculated(element: dict[str, Any]) -> bool:
    return any(e.get("url") == EXT_CALCULATED for e in element.get("extension", []))


def _check_options(inst: Instrument, item: Item, element: dict[str, Any], path: str) -> None:
    if element["type"] != "choice":
        raise InstrumentDefinitionError(f"{path}.type: is {element['type']!r}, expected 'choice'")
    options = element.get("answerOption")
    if not options:
        raise InstrumentDefinitionError(f"{path}.answerOption: item {item.id} lists no options")
    seen: list[int] = []
    for index, option in enumerate(options):
        here = f"{path}.answerOption[{index}]"
        value = _option_value(inst, item, option, here)
        expected = inst.item_weight(item, value)
        for k, extension in enumerate(option.get("extension", [])):
            weight = extension.get("valueDecimal")
            if extension.get("url") in _WEIGHT_EXTENSIONS and weight is not None and \
                    not math.isclose(float(weight), expected):
                raise InstrumentDefinitionError(
                    f"{here}.extension[{k}]: weight {weight} for option {value} of item {item.id} "
                    f"differs from Samen's {expected:g} (reverse keying or weights disagree)"
                )
        seen.append(value)
    allowed = list(inst.options_for(item).values)
    if sorted(seen) != sorted(allowed):
        raise InstrumentDefinitionError(
            f"{path}.answerOption: item {item.id} offers values {seen}, expected {allowed}"
        )


def _option_value(inst: Instrument, item: Item, option: dict[str, Any], here: str) -> int:
    if "valueInteger" in option:
        value: int | None = option["valueInteger"]
        if value not in inst.options_for(item).values:
            value = None
    elif "valueCoding" in option:
        coding = option["valueCoding"]
        value = coding_value(inst, item, coding.get("system"), coding.get("code"))
    else:
        raise InstrumentDefinitionError(f"{here}: item {item.id} needs valueCoding or valueInteger")
    if value is None:
        raise InstrumentDefinitionError(f"{here}: not an option of item {item.id}")
    return value


def _localized(
    element: dict[str, Any], key: str, language: str, fallback: LocalizedText
) -> LocalizedText:
    """Text in ``language`` plus its translation; a language missing here keeps ``fallback``."""
    texts = {"nl": fallback.nl, "en": fallback.en}
    for extension in element.get(f"_{key}", {}).get("extension", []):
        if extension.get("url") != EXT_TRANSLATION:
            continue
        parts = {p.get("url"): p for p in extension.get("extension", [])}
        lang = str(parts.get("lang", {}).get("valueCode", "")).split("-")[0].lower()
        content = parts.get("content", {}).get("valueString") or ""
        if lang in texts and content.strip():
            texts[lang] = content
    if str(element.get(key) or "").strip():
        texts[language] = element[key]
    return LocalizedText(nl=texts["nl"], en=texts["en"])
