"""The fixed vocabularies of the knowledge base.

The ids are fixed by the project lead and shared by ``samen.instruments``, ``samen.sim`` and the
web app, so a typo in a data file must fail at load time. Each vocabulary is a ``Literal`` (for
the models) and a tuple in a stable order (for messages, reports and tests).
"""

from __future__ import annotations

from typing import Literal, get_args

RootId = Literal[
    "attachment",
    "anxiety_depression",
    "technology_use",
    "family_dynamics",
    "loneliness_bonds",
    "societal_pressure",
]
Level = Literal["parents", "school", "community", "policy", "care"]
TargetGroup = Literal["universal", "selective", "indicated"]
MechanismId = Literal["M1", "M2", "M3", "M4", "M5", "M6", "M7", "M8"]

State = Literal[
    # psychological (continuous) states of an agent, shared/design/MODEL.md
    "social_anxiety",
    "depressed_mood",
    "loneliness",
    "stress",
    "social_skills",
    "self_esteem",
    # lifestyle
    "online_hours",
    "sleep_disruption",
    "physical_activity",
    # behaviour and withdrawal
    "days_out",
    "participation",
    "withdrawal",
    "recovery",
    # network, school and family
    "network_ties",
    "bullying",
    "family_functioning",
    "emotional_problems",
]
"""Agent states that a root raises or an intervention moves. ``withdrawal`` is the risk of
becoming withdrawn; ``recovery`` the weekly chance of re-engaging once withdrawn;
``emotional_problems`` a broad internalising score (e.g. SDQ) that the model maps onto mood and
anxiety."""

Grade = Literal["A", "B", "C", "D"]
"""Evidence grade of an intervention, documented in docs/evidence.md:
A meta-analysis of controlled trials; B at least one randomised trial (pilot trials included);
C observational, cohort, single-arm or uncontrolled data; D expert opinion, the lecture, or an
assumption. The grade rates the design of the best evidence; a population that differs from
young people (e.g. older adults) is stated in ``grade_note``, not folded into the letter."""

ROOT_IDS: tuple[RootId, ...] = get_args(RootId)
LEVELS: tuple[Level, ...] = get_args(Level)
TARGET_GROUPS: tuple[TargetGroup, ...] = get_args(TargetGroup)
MECHANISM_IDS: tuple[MechanismId, ...] = get_args(MechanismId)
STATES: tuple[State, ...] = get_args(State)
GRADES: tuple[Grade, ...] = get_args(Grade)
