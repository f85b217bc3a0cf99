"""Stage and severity in plain words (Dutch and English through this app's catalogue)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

STAGE_BADGES = {
    "none": _("no prolonged withdrawal"),
    "pre_hikikomori": _("pre-hikikomori"),
    "hikikomori": _("hikikomori"),
}
STAGE_TEXTS = {
    "none": _("At the moment there is no prolonged period of withdrawal."),
    "pre_hikikomori": _("Pre-hikikomori: mostly at home, without school or work, for 3 to 6 "
                        "months."),
    "hikikomori": _("Hikikomori: mostly at home, without school or work, for 6 months or "
                    "longer."),
}
SEVERITY_TEXTS = {
    "mild": _("Mild: went out on 2 or 3 days in the latest week."),
    "moderate": _("Moderate: went out on 1 day or less in the latest week."),
    "severe": _("Severe: rarely left their own room in the latest week."),
}


def stage_badge(stage: str) -> str:
    return str(STAGE_BADGES.get(stage, stage))


def stage_text(stage: str) -> str:
    return str(STAGE_TEXTS.get(stage, stage))


def severity_text(severity: str) -> str:
    return str(SEVERITY_TEXTS.get(severity, "")) if severity else ""
