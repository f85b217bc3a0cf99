"""The figures a policy officer sees: counts over the records involving the organisations of one
municipality, protected together by :mod:`samen.web.dashboard.suppression`.

The filters are fixed (the officer's own municipality; stage, age band and district; the twelve
complete months before this one): there is no free query, so figures cannot be differenced
(platforms.md §3.5, control 5). Districts with fewer than ``K_MIN`` records are merged into one
"other districts" row (control 4, a minimum geographic unit), so a small district's name is not
even shown. Only district, stage and birth month of each record are read; never a pseudonym.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from samen.web.accounts.models import Membership, User
from samen.web.accounts.roles import Role
from samen.web.dashboard.models import StageSnapshot
from samen.web.dashboard.suppression import (
    K_MIN,
    CrossTable,
    OneWayTable,
    Published,
    Tables,
)
from samen.web.youth.ages import age_on
from samen.web.youth.models import Stage, YoungPerson

STAGES: tuple[str, ...] = (Stage.NONE.value, Stage.PRE_HIKIKOMORI.value, Stage.HIKIKOMORI.value)

STAGE_LABELS: dict[str, Promise] = {
    Stage.NONE.value: _("no prolonged withdrawal"),
    Stage.PRE_HIKIKOMORI.value: _("pre-hikikomori (3 to 6 months)"),
    Stage.HIKIKOMORI.value: _("hikikomori (6 months or more)"),
}

AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("under_10", 0, 9),
    ("10_14", 10, 14),
    ("15_17", 15, 17),
    ("18_22", 18, 22),
    ("23_plus", 23, None),
)
"""(id, youngest, oldest) in whole years; the issue names 10-14, 15-17, 18-22 and 23+, and
"under 10" keeps every record in a band so the bands add up to the total."""

AGE_LABELS: dict[str, Promise] = {
    "under_10": _("under 10"),
    "10_14": _("10 to 14"),
    "15_17": _("15 to 17"),
    "18_22": _("18 to 22"),
    "23_plus": _("23 and older"),
}

TREND_MONTHS = 12

OTHER_DISTRICTS = ""
"""The key of the merged row of districts with fewer than K_MIN records."""


def policy_membership(user: User) -> Membership | None:
    """The user's active policy-officer membership (the first by organisation name), or None."""
    if not user.is_authenticated or not user.is_active:
        return None
    return (
        user.memberships.filter(is_active=True, role=Role.POLICY_OFFICER)
        .select_related("organisation")
        .order_by("organisation__name")
        .first()
    )


def records_of(municipality: str) -> QuerySet[YoungPerson]:
    """Every record involving at least one organisation of ``municipality`` (each once)."""
    return YoungPerson.objects.filter(
        involvements__organisation__municipality=municipality
    ).distinct()


def age_band(age: int) -> str:
    for band, youngest, oldest in AGE_BANDS:
        if age >= youngest and (oldest is None or age <= oldest):
            return band
    return AGE_BANDS[0][0]  # a negative age cannot be stored; keep the function total


def month_start(day: date) -> date:
    return day.replace(day=1)


def months_before(day: date, count: int) -> list[date]:
    """The ``count`` months before ``day``'s month, oldest first."""
    index = day.year * 12 + day.month - 1
    return [date((index - n) // 12, (index - n) % 12 + 1, 1) for n in range(count, 0, -1)]


@dataclass(frozen=True)
class TrendMonth:
    month: date
    table: OneWayTable


@dataclass(frozen=True)
class Overview:
    """Everything the dashboard shows for one municipality, already suppressed."""

    municipality: str
    districts: tuple[str, ...]
    """Row keys of ``by_district`` and ``cross``: names, and OTHER_DISTRICTS for the merged row."""
    by_stage: OneWayTable
    by_age: OneWayTable
    by_district: OneWayTable
    cross: CrossTable
    trend: tuple[TrendMonth, ...]

    @property
    def total(self) -> str:
        return self.by_stage.total.text


def stage_counts(municipality: str) -> dict[str, int]:
    """The live count per stage (for the monthly snapshot; never shown unsuppressed)."""
    counts = Counter(records_of(municipality).values_list("stage", flat=True))
    return {stage: counts.get(stage, 0) for stage in STAGES}


def overview(municipality: str, today: date | None = None) -> Overview:
    """The protected tables of ``municipality`` on ``today`` (default: today)."""
    today = today or timezone.localdate()
    rows = list(records_of(municipality).values_list("district", "stage", "birth_month"))
    per_district: Counter[str] = Counter(district.strip() for district, _stage, _born in rows)
    named = sorted(d for d, n in per_district.items() if n >= K_MIN and d != OTHER_DISTRICTS)
    districts = [*named, OTHER_DISTRICTS] if len(named) < len(per_district) or not rows \
        else named
    row_of = {d: districts.index(d) if d in named else len(districts) - 1 for d in per_district}

    cross = [[0] * len(STAGES) for _ in districts]
    ages = [0] * len(AGE_BANDS)
    bands = [band for band, _y, _o in AGE_BANDS]
    for district, stage, born in rows:
        column = STAGES.index(stage) if stage in STAGES else 0
        cross[row_of[district.strip()]][column] += 1
        ages[bands.index(age_band(age_on(born, today)))] += 1

    tables = Tables()
    tables.cross("districts", cross)
    tables.split("ages", ages, of="districts")
    months = _trend_counts(municipality, today)
    for month, counts in months:
        tables.one_way(f"trend-{month:%Y-%m}", counts)
    published: Published = tables.protect(K_MIN)

    table = published.cross("districts")
    return Overview(
        municipality=municipality,
        districts=tuple(districts),
        by_stage=OneWayTable(table.column_totals, table.total),
        by_age=published.one_way("ages"),
        by_district=OneWayTable(table.row_totals, table.total),
        cross=table,
        trend=tuple(
            TrendMonth(month, published.one_way(f"trend-{month:%Y-%m}")) for month, _c in months
        ),
    )


def _trend_counts(municipality: str, today: date) -> list[tuple[date, list[int]]]:
    """Per complete month of the last twelve that has a snapshot: the count per stage."""
    months = months_before(today, TREND_MONTHS)
    found: dict[date, dict[str, int]] = {}
    snapshots = StageSnapshot.objects.filter(
        municipality=municipality, month__gte=months[0], month__lte=months[-1]
    )
    for snapshot in snapshots:
        found.setdefault(snapshot.month, {})[snapshot.stage] = snapshot.count
    return [
        (month, [found[month].get(stage, 0) for stage in STAGES])
        for month in months if month in found
    ]
