"""The agents: one numpy array per attribute (structure of arrays), owned by :class:`Population`.

Agents are laid out by district and then by household, so that the people an agent knows sit
close to it in memory: friend ties are drawn within a window of neighbouring indices, which keeps
the weekly gather over friends cache-friendly (``shared/evidence/abm.md`` section 5.2). An agent
who ages out is replaced in the same slot by a new entrant at the lowest age, so the arrays never
grow or shrink during a run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from samen.evidence import get_parameter
from samen.sim.kernel import (
    ENTRY_ANXIETY,
    ENTRY_LONELINESS,
    ENTRY_MOOD,
    ENTRY_SKILLS,
    FAMILY_TRAIT_MAX,
    INSECURE_EXTRA_ANXIETY,
    INSECURE_FEWER_SKILLS,
)
from samen.sim.params import INDEX

WEEKS_PER_YEAR = 52
HOUSEHOLD_MEAN_YOUNG = 1.8
"""Young people (in the simulated age range) per household: siblings share family traits."""
DISTRICT_SIZE = 5_000
TIE_WINDOW = 400
"""Friends are drawn among the nearest 2 x TIE_WINDOW agents by index (same district, mostly)."""
SETTING_NONE, SETTING_SCHOOL, SETTING_WORK = 0, 1, 2
ATTACH_SECURE, ATTACH_AVOIDANT, ATTACH_AMBIVALENT = 0, 1, 2


@dataclass
class Population:
    """Every per-agent array of one run; the engine mutates them in place."""

    age_weeks: npt.NDArray[np.int16]
    sex: npt.NDArray[np.int8]  # 0 female, 1 male
    attachment: npt.NDArray[np.int8]
    chronic: npt.NDArray[np.int8]  # latent chronicity type: 1 = chronic
    setting: npt.NDArray[np.int8]
    district: npt.NDArray[np.int32]
    overprotection: npt.NDArray[np.float32]
    control: npt.NDArray[np.float32]  # authoritarian control: conflict stress
    anxiety_base: npt.NDArray[np.float32]
    anxiety: npt.NDArray[np.float32]
    mood: npt.NDArray[np.float32]  # depressed mood, 0-1
    loneliness: npt.NDArray[np.float32]
    stress: npt.NDArray[np.float32]
    skills: npt.NDArray[np.float32]
    online: npt.NDArray[np.float32]  # hours a day
    run: npt.NDArray[np.int16]  # consecutive withdrawn weeks
    since_episode: npt.NDArray[np.int16]  # weeks since a 13+ week episode ended; -1 none
    reengage: npt.NDArray[np.int8]  # weeks of re-engagement support left
    shared: npt.NDArray[np.int8]
    """What friends see of an agent from last week: days out (bits 0-2, 0-7) and good mood (bit 3)."""
    shared_loneliness: npt.NDArray[np.float32]
    friends: npt.NDArray[np.int32]  # (n, k) indices of friends; column-major (see below)
    ties: npt.NDArray[np.uint8]  # (n, k) tie strength, 0-255; column-major
    """``friends`` and ``ties`` are stored column-major (Fortran order): slot m of consecutive
    agents is contiguous, which lets the kernel treat one slot for many agents at once (SIMD). The
    kernel gets their transposes, C-contiguous arrays of shape (k, n)."""

    @property
    def size(self) -> int:
        return int(self.age_weeks.shape[0])

    def nbytes(self) -> int:
        """Bytes held by the per-agent arrays."""
        return sum(int(v.nbytes) for v in vars(self).values() if isinstance(v, np.ndarray))


def age_weights(preset: str, age_min: int, age_max: int) -> npt.NDArray[np.float64]:
    """Relative number of people at each age in ``age_min..age_max`` for a preset.

    ``nl``: CBS counts by 5-year band from the evidence base, spread evenly within a band; ages
    25-39 share what the 20-39 count (2019) leaves after the 20-24 count (2022) -- derived, rough.
    ``jp``: flat (the Cabinet Office tables give only the 15-39 total).
    """
    ages = np.arange(age_min, age_max + 1)
    if preset == "jp":
        return np.ones(ages.shape[0], dtype=np.float64)
    per_year = {
        (10, 14): get_parameter("nl_population_10_14_2022").value / 5,
        (15, 19): get_parameter("nl_population_15_19_2022").value / 5,
        (20, 24): get_parameter("nl_population_20_24_2022").value / 5,
        (25, 39): (get_parameter("nl_population_20_39_2019").value
                   - get_parameter("nl_population_20_24_2022").value) / 15,
    }
    weights = np.empty(ages.shape[0], dtype=np.float64)
    for k, age in enumerate(ages):
        band = next((v for (lo, hi), v in per_year.items() if lo <= age <= hi), None)
        weights[k] = per_year[(25, 39)] if band is None else band
    return weights


def build_population(
    n: int, preset: str, age_min: int, age_max: int, params: npt.NDArray[np.float64], seed: int
) -> Population:
    """Draw ``n`` agents with their households, districts, traits and friend ties."""
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence([seed, 0x50505])))
    weights = age_weights(preset, age_min, age_max)
    age_years = rng.choice(np.arange(age_min, age_max + 1), size=n, p=weights / weights.sum())
    age_weeks = (age_years * WEEKS_PER_YEAR + rng.integers(0, WEEKS_PER_YEAR, n)).astype(np.int16)
    household = np.sort(rng.integers(0, max(1, int(n / HOUSEHOLD_MEAN_YOUNG)), n))
    n_households = int(household.max()) + 1
    # Family traits are drawn per household and shared by siblings (M5).
    h_over = (FAMILY_TRAIT_MAX * rng.random(n_households)).astype(np.float32)
    h_control = (FAMILY_TRAIT_MAX * rng.random(n_households)).astype(np.float32)
    secure, avoidant = params[INDEX["attachment_secure"]], params[INDEX["attachment_avoidant"]]
    attachment = rng.choice(3, size=n, p=[secure, avoidant, 1 - secure - avoidant]).astype(np.int8)
    insecure = attachment != ATTACH_SECURE
    # The starting population draws its traits as entrants do (samen.sim.kernel), so the
    # population does not drift from one trait distribution to another as it renews.
    anxiety_base = _entry_draw(ENTRY_ANXIETY, rng, n, INSECURE_EXTRA_ANXIETY * insecure)
    return Population(
        age_weeks=age_weeks,
        sex=(rng.random(n) < params[INDEX["share_male"]]).astype(np.int8),
        attachment=attachment,
        chronic=(rng.random(n) < params[INDEX["chronic_share"]]).astype(np.int8),
        setting=initial_settings(age_weeks, params, rng),
        district=(np.arange(n) // DISTRICT_SIZE).astype(np.int32),
        overprotection=h_over[household],
        control=h_control[household],
        anxiety_base=anxiety_base,
        anxiety=anxiety_base.copy(),
        mood=_entry_draw(ENTRY_MOOD, rng, n),
        loneliness=_entry_draw(ENTRY_LONELINESS, rng, n),
        stress=np.zeros(n, dtype=np.float32),
        skills=initial_skills(age_weeks, age_min, insecure, params, rng),
        online=np.full(n, params[INDEX["online_base"]], dtype=np.float32),
        run=np.zeros(n, dtype=np.int16),
        since_episode=np.full(n, -1, dtype=np.int16),
        reengage=np.zeros(n, dtype=np.int8),
        shared=np.full(n, 5, dtype=np.int8),
        shared_loneliness=np.zeros(n, dtype=np.float32),
        friends=np.asfortranarray(friend_ties(n, int(params[INDEX["friends_per_agent"]]), rng)),
        ties=np.asfortranarray(rng.integers(64, 192, (n, int(params[INDEX["friends_per_agent"]])),
                                            dtype=np.uint8)),
    )


def initial_skills(
    age_weeks: npt.NDArray[np.int16], age_min: int, insecure: npt.NDArray[np.bool_],
    params: npt.NDArray[np.float64], rng: np.random.Generator,
) -> npt.NDArray[np.float32]:
    """Skills as they would be after growing since ``age_min`` (M7), so the run starts near the
    age gradient it keeps instead of drifting towards it for decades: an entrant's skills
    (as the kernel draws them) close the gap to 1 by ``skill_growth`` every week since."""
    entry = _entry_draw(ENTRY_SKILLS, rng, age_weeks.shape[0], -INSECURE_FEWER_SKILLS * insecure)
    weeks = np.maximum(0, age_weeks.astype(np.float64) - age_min * WEEKS_PER_YEAR)
    remaining = (1.0 - params[INDEX["skill_growth"]]) ** weeks
    skills: npt.NDArray[np.float32] = np.clip(1.0 - (1.0 - entry) * remaining, 0, 1).astype(
        np.float32)
    return skills


def _entry_draw(
    span: tuple[float, float], rng: np.random.Generator, n: int,
    shift: npt.NDArray[np.floating[Any]] | float = 0.0,
) -> npt.NDArray[np.float32]:
    """Uniform on (low, low + width) plus ``shift``, clipped to 0-1."""
    low, width = span
    values: npt.NDArray[np.float32] = np.clip(low + width * rng.random(n) + shift, 0, 1).astype(
        np.float32)
    return values


def initial_settings(
    age_weeks: npt.NDArray[np.int16], params: npt.NDArray[np.float64], rng: np.random.Generator
) -> npt.NDArray[np.int8]:
    """School under 18; 18-23 school or work; 24+ work or neither (shares from the evidence)."""
    years = age_weeks // WEEKS_PER_YEAR
    draw = rng.random(age_weeks.shape[0])
    setting = np.full(age_weeks.shape[0], SETTING_WORK, dtype=np.int8)
    setting[years < 18] = SETTING_SCHOOL
    young_adult = (years >= 18) & (years < 24)
    setting[young_adult & (draw < params[INDEX["share_in_education_18_23"]])] = SETTING_SCHOOL
    setting[(years >= 18) & (draw > 1 - params[INDEX["share_without_work"]])] = SETTING_NONE
    return setting


def friend_ties(n: int, k: int, rng: np.random.Generator) -> npt.NDArray[np.int32]:
    """k friends per agent among its index neighbours (never itself)."""
    offsets = rng.integers(1, TIE_WINDOW + 1, (n, k)) * rng.choice([-1, 1], (n, k))
    own = np.arange(n)[:, None]
    friends = (own + offsets) % n
    friends[friends == own] = ((own + 1) % n).repeat(k, axis=1)[friends == own]
    ties: npt.NDArray[np.int32] = friends.astype(np.int32)
    return ties
