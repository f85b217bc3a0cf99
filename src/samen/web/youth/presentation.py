"""Words for a record's state, shared by the youth pages and the home panels."""

from __future__ import annotations

from django.utils.translation import gettext as _

from samen.web.youth.ages import Party
from samen.web.youth.models import Stage, YoungPerson


def plain_stage(young_person: YoungPerson) -> str:
    """The stage in plain words for parents and the young person (no jargon first)."""
    weeks = young_person.withdrawn_weeks
    if young_person.stage == Stage.HIKIKOMORI:
        return _(
            "Has mostly stayed at home for %(weeks)d weeks: six months or more. "
            "The care team can tell you what may help."
        ) % {"weeks": weeks}
    if young_person.stage == Stage.PRE_HIKIKOMORI:
        return _(
            "Has mostly stayed at home for %(weeks)d weeks: three to six months, an early stage. "
            "The care team can tell you what may help."
        ) % {"weeks": weeks}
    return _("No long period of staying at home has been recorded.")


def party_label(party: Party) -> str:
    if party == Party.YOUNG_PERSON:
        return _("the young person")
    return _("a parent with authority")
