"""Every table that holds rows about a young person is erased with them and, unless stated
otherwise here, exported to them: a new model with a link to ``YoungPerson`` fails this test until
``privacy/erasure.py`` and ``privacy/export.py`` know it (or it is listed below with a reason)."""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.db import models

from samen.web.privacy import export
from samen.web.privacy.erasure import STEPS
from samen.web.youth.models import YoungPerson

NOT_EXPORTED = {
    "alerts.AlertState": "the alert rules' bookkeeping (last stage seen, counters); the stage "
                         "itself is in the record and every alert is exported",
}
KEPT_AT_ERASURE = {
    "privacy.ErasureRequest": "the proof that the erasure was asked for and carried out",
}
EXPORT_SOURCE = Path(export.__file__).read_text(encoding="utf-8")


def _links_to_a_young_person() -> dict[str, str]:
    """Each model with a foreign key to ``YoungPerson``, with the accessor from the record."""
    found = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (isinstance(field, models.ForeignKey | models.OneToOneField)
                    and field.related_model is YoungPerson and field.concrete):
                found[model._meta.label] = field.remote_field.get_accessor_name() or ""
    return found


def _models_about_a_young_person() -> set[str]:
    return set(_links_to_a_young_person())


def test_the_search_finds_the_tables_it_should() -> None:
    found = _models_about_a_young_person()
    assert {"screening.QuestionnaireResponse", "monitoring.WeekEntry", "careplans.PlanAction",
            "youth.ConsentGrant", "alerts.AlertState"} <= found


def test_every_table_about_a_young_person_is_erased() -> None:
    someone = YoungPerson(pk=0)
    erased = {query(someone).model._meta.label for _name, query in STEPS}
    missing = _models_about_a_young_person() - erased - set(KEPT_AT_ERASURE)
    assert missing == set()


def test_every_table_about_a_young_person_is_exported() -> None:
    # Read either through the model's manager or through the record's related manager.
    missing = {label for label, accessor in _links_to_a_young_person().items()
               if label not in NOT_EXPORTED and label not in KEPT_AT_ERASURE
               and f"{label.split('.')[1]}.objects" not in EXPORT_SOURCE
               and f"young_person.{accessor}." not in EXPORT_SOURCE}
    assert missing == set()
