"""``/instruments``: questionnaire definitions from ``samen.instruments`` (no person involved)."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Router
from ninja.params.functions import Path

from samen.instruments import Instrument, UnknownInstrumentError, get_instrument, list_instruments
from samen.web.api.errors import COMMON, ErrorBody
from samen.web.api.schemas import (
    BandOut,
    CutoffOut,
    InstrumentOut,
    InstrumentSummary,
    ItemOut,
    OptionOut,
    Text,
)

router = Router(tags=["instruments"])


def summary(inst: Instrument) -> InstrumentSummary:
    return InstrumentSummary(
        id=inst.id, short_name=inst.short_name, name=inst.name, version=inst.version,
        measures=Text.of(inst.measures), respondents=list(inst.respondents),
        age_min=inst.age_min, age_max=inst.age_max, item_count=len(inst.items),
        wording_included=inst.licence.wording_included,
    )


def detail(inst: Instrument) -> InstrumentOut:
    items = [
        ItemOut(id=item.id, number=item.number, text=Text.of(item.text), reverse=item.reverse,
                options=[OptionOut(value=o.value, label=Text.of(o.label))
                         for o in inst.options_for(item).options])
        for item in inst.items
    ]
    return InstrumentOut(
        **summary(inst).model_dump(),
        description=Text.of(inst.description), time_frame=Text.of(inst.time_frame),
        scoring_method=inst.scoring.method, scoring_version=inst.scoring.version,
        total_range=inst.total_range, items=items,
        bands=[BandOut(key=b.key, min=b.min, max=b.max, label=Text.of(b.label))
               for b in inst.bands],
        cutoffs=[CutoffOut(id=c.id, threshold=c.threshold, direction=c.direction,
                           applies_to=c.applies_to, default=c.default, label=Text.of(c.label),
                           source=c.source.short())
                 for c in inst.cutoffs],
        licence_note=Text.of(inst.licence.note),
        # The FHIR logical id: the instrument id with "-" for "_" (see samen.web.fhir.resources).
        fhir_questionnaire=f"/fhir/Questionnaire/{inst.id.replace('_', '-')}",
    )


@router.get("/instruments", response={200: list[InstrumentSummary], 401: ErrorBody},
            summary="Questionnaires")
def list_instrument_definitions(request: HttpRequest) -> list[InstrumentSummary]:
    return [summary(inst) for inst in list_instruments()]


@router.get("/instruments/{instrument_id}", response={200: InstrumentOut, **COMMON},
            summary="One questionnaire with items, options, bands and cut-offs")
def get_instrument_definition(request: HttpRequest,
            instrument_id: str = Path(..., max_length=32, example="phqa")) -> InstrumentOut:
    try:
        inst = get_instrument(instrument_id)
    except UnknownInstrumentError as exc:
        raise Http404(str(exc)) from exc
    return detail(inst)
