"""One simulated week for every agent, as one compiled (numba) function that reads and writes
each agent's state once per week.

The step order (``shared/design/MODEL.md``) for each agent, in this order and nowhere else:

0. demography -- age one week; an agent past the upper age is replaced in its slot by an entrant at
   the lower age; school -> work or further education at 18, education ends at 24;
1. interventions -- offer (coverage x uptake) to the newly eligible, then add up each lever's
   current weight (1 while taking part, halving every ``effect_half_life_weeks`` afterwards);
2. M1 stress -- events arrive with a weekly chance raised by societal pressure, by bullying at
   school for the less skilled, and by authoritarian control at home (M5); stress decays;
3. going out -- days out ~ Binomial(7, p), logit p from enrolment, anxiety, stress, mood, online
   hours, friends who went out last week, overprotection (M5), skills and re-engagement support.
   A week is *withdrawn* when the agent takes part in no school or work (out fewer than 4 days)
   and is out at most 3 days: the rule of ``samen.instruments.withdrawal``;
4. M2 avoidance -- a withdrawn week relieves stress but sensitises anxiety and costs skills; a week
   out habituates anxiety towards its baseline;
5. M3 technology -- online hours move towards a target that rises with days at home and loneliness;
   more than ``sleep_threshold_hours`` disrupts sleep;
6. M6 network and loneliness -- ties used this week strengthen, unused ones decay, weak ones are
   replaced when going out (more often with skills, less with insecure attachment, M4);
   loneliness moves towards a logistic target of contact days, tie strength, anxiety and
   attachment, pulled towards friends' loneliness (contagion);
7. mood -- moves towards a logistic target of loneliness, stress and sleep; five or more friends
   in a good mood halve a worsening (Hill 2015);
8. M7 development -- skills grow with participation and decline in withdrawal;
9. M8 recovery -- a withdrawn agent re-engages with a weekly chance set by its chronicity type,
   lower after six months (hysteresis), raised by support; re-engagement lifts going out for some
   weeks;
10. bookkeeping -- consecutive withdrawn weeks, stage, the weekly aggregates.

Reads of other agents use only last week's shared buffers (``shared``, ``shared_loneliness``) and
writes go to this agent's own slots, so the result does not depend on thread scheduling. Random
numbers come from a counter-based hash of (seed, stream, week, agent, draw): every mechanism and
every intervention has its own stream, and two scenarios run with the same seed share every draw
that both make (common random numbers). Each draw depends only on its counter, never on what was
drawn before, so a draw may be computed for every agent and used only where the mechanism needs
it (stress, going out and recovery are drawn that way, to 24 bits: :func:`uniform24`).

The weekly state arithmetic runs in float32, the precision the state is stored in; how the
function is organised for speed (tiles, passes, SIMD) is in the docstring of :func:`step_week`.
"""

from __future__ import annotations

import math

import numpy as np
from numba import float32, njit, prange, uint64

from samen.instruments.withdrawal import (
    HIKIKOMORI_WEEKS,
    MAX_DAYS_OUT_ISOLATED,
    PRE_HIKIKOMORI_WEEKS,
)
from samen.sim.params import INDEX

# Parameter positions in the vector (compile-time constants for numba).
P_SHARE_MALE = INDEX["share_male"]
P_SECURE = INDEX["attachment_secure"]
P_AVOIDANT = INDEX["attachment_avoidant"]
P_CHRONIC = INDEX["chronic_share"]
P_STRESS_RATE = INDEX["stress_event_rate"]
P_PRESSURE = INDEX["societal_pressure"]
P_BULLYING = INDEX["bullying_extra_rate"]
P_EVENT_SIZE = INDEX["stress_event_size"]
P_STRESS_DECAY = INDEX["stress_decay"]
P_OUT0 = INDEX["out_intercept"]
P_OUT_ENROLLED = INDEX["out_enrolled"]
P_OUT_ANXIETY = INDEX["out_anxiety"]
P_OUT_STRESS = INDEX["out_stress"]
P_OUT_MOOD = INDEX["out_mood"]
P_OUT_ONLINE = INDEX["out_online"]
P_OUT_PULL = INDEX["out_friend_pull"]
P_OUT_OVER = INDEX["out_overprotection"]
P_OUT_SKILLS = INDEX["out_skills"]
P_SENSITISE = INDEX["sensitisation"]
P_HABITUATE = INDEX["habituation"]
P_RELIEF = INDEX["relief"]
P_ONLINE_BASE = INDEX["online_base"]
P_ONLINE_HOME = INDEX["online_home"]
P_ONLINE_LONELY = INDEX["online_lonely"]
P_ONLINE_ADJUST = INDEX["online_adjust"]
P_SLEEP_HOURS = INDEX["sleep_threshold_hours"]
P_TIE_GROWTH = INDEX["tie_growth"]
P_TIE_DECAY = INDEX["tie_decay"]
P_TIE_FORM = INDEX["tie_formation"]
P_LON0 = INDEX["lonely_intercept"]
P_LON_CONTACTS = INDEX["lonely_contacts"]
P_LON_TIES = INDEX["lonely_ties"]
P_LON_ANXIETY = INDEX["lonely_anxiety"]
P_LON_ATTACH = INDEX["lonely_attachment"]
P_LON_CONTAGION = INDEX["lonely_contagion"]
P_ADJUST = INDEX["state_adjust"]
P_MOOD0 = INDEX["mood_intercept"]
P_MOOD_LONELY = INDEX["mood_lonely"]
P_MOOD_STRESS = INDEX["mood_stress"]
P_MOOD_SLEEP = INDEX["mood_sleep"]
P_MOOD_FRIENDS = INDEX["mood_healthy_friends"]
P_SKILL_GROWTH = INDEX["skill_growth"]
P_SKILL_DECAY = INDEX["skill_decay"]
P_EXIT_FAST = INDEX["exit_fast"]
P_EXIT_CHRONIC = INDEX["exit_chronic"]
P_HYSTERESIS = INDEX["hysteresis"]
P_REENGAGE_WEEKS = INDEX["reengage_weeks"]
P_REENGAGE_BOOST = INDEX["reengage_boost"]
P_HALF_LIFE = INDEX["effect_half_life_weeks"]
P_SHARE_EDUCATION = INDEX["share_in_education_18_23"]
P_SHARE_NO_WORK = INDEX["share_without_work"]

# Traits of a new agent (entrants, and the starting population: one definition for both).
# Assumptions, documented in docs/model.md ("Structural constants"): uniform ranges (low, width).
ENTRY_ANXIETY = (0.05, 0.35)
ENTRY_MOOD = (0.05, 0.3)
ENTRY_LONELINESS = (0.05, 0.4)
ENTRY_SKILLS = (0.4, 0.4)
INSECURE_EXTRA_ANXIETY = 0.08
INSECURE_FEWER_SKILLS = 0.05
FAMILY_TRAIT_MAX = 0.6  # overprotection and control, uniform on 0..0.6
ENTRY_TIE_STRENGTH = 96  # of 255
NEW_TIE_STRENGTH = 64.0
WEAK_TIE = 32.0  # below this a tie may be replaced
INSECURE_TIE_FORMATION = 0.6
AT_RISK_LEVEL = 0.5  # anxiety or loneliness above this: eligible for selective programmes
GOOD_MOOD_BELOW = 0.5
SLEEP_FULL_DISRUPTION_HOURS = 4.0  # online hours above the threshold for full disruption
HEALTHY_FRIENDS = 5  # Hill et al. 2015: five or more friends in a good mood

# Random streams of the mechanisms; interventions use 1000 + CRC-32 of their id.
S_ENTRY, S_STRESS, S_OUT, S_TIES, S_RECOVER = 1, 2, 3, 4, 5
# The same rule as the individual side: samen.instruments.withdrawal.
WITHDRAWN_MAX_DAYS_OUT = MAX_DAYS_OUT_ISOLATED
PRE_WEEKS, HIK_WEEKS = PRE_HIKIKOMORI_WEEKS, HIKIKOMORI_WEEKS
RECOVERING_WEEKS = 26
TIE_WINDOW = 400
N_MEANS = 6
ELIG_EVERYONE, ELIG_SCHOOL, ELIG_MINORS, ELIG_AT_RISK, ELIG_WITHDRAWN = 0, 1, 2, 3, 4
L_ANX, L_MOOD, L_LON, L_STRESS, L_SKILLS, L_ONLINE, L_RECOVERY, L_TIES, L_BULLY, L_OVER = range(10)

_GOLDEN = uint64(0x9E3779B97F4A7C15)
_M1 = uint64(0xBF58476D1CE4E5B9)
_M2 = uint64(0x94D049BB133111EB)


@njit(inline="always")
def _mix(z: np.uint64) -> np.uint64:
    z = (z ^ (z >> uint64(30))) * _M1
    z = (z ^ (z >> uint64(27))) * _M2
    return z ^ (z >> uint64(31))


@njit(cache=True)
def stream_key(seed: int, stream: int, week: int) -> np.uint64:
    """The key of one stream in one week; draws are ``uniform(key, agent, draw)``."""
    return _mix(_mix(_mix(uint64(seed) + _GOLDEN) ^ uint64(stream)) + uint64(week) * _GOLDEN)


DRAWS_PER_AGENT = 64
"""Counter stride: each agent has 64 draw slots per stream and week (SplitMix64 counters)."""


@njit(inline="always")
def uniform(key: np.uint64, agent: int | np.uint64, draw: int) -> float:
    """A uniform in [0, 1): SplitMix64's output function on the counter (agent, draw) of a
    stream-week key."""
    counter = uint64(agent) * uint64(DRAWS_PER_AGENT) + uint64(draw) + uint64(1)
    z = _mix(key + counter * _GOLDEN)
    return float(z >> uint64(11)) * (1.0 / 9007199254740992.0)


@njit(inline="always")
def uniform24(key: np.uint64, agent: int | np.uint64, draw: int) -> np.float32:
    """The same draw as :func:`uniform`, to 24 bits, as a float32 in [0, 1): the top 24 bits of
    the same hash, so ``uniform24 <= uniform < uniform24 + 2**-24``. Used where the arithmetic runs
    in float32 over many agents at once (SIMD); 2**-24 is far below any modelled chance."""
    counter = uint64(agent) * uint64(DRAWS_PER_AGENT) + uint64(draw) + uint64(1)
    z = _mix(key + counter * _GOLDEN)
    return float32(np.int32(z >> uint64(40))) * _TWO_POW_M24


_F0 = np.float32(0.0)
_F1 = np.float32(1.0)
_HALF = np.float32(0.5)
_TWO_POW_M24 = np.float32(2.0**-24)
_SIGMOID_RANGE = np.float32(16.0)
_E0, _E1, _E2, _E3, _E4, _E5, _E6 = (np.float32(1.0 / math.factorial(k)) for k in range(7))
_MINUS_SIXTEENTH = np.float32(-1.0 / 16.0)


@njit(inline="always")
def _sigmoid(x: np.float32) -> np.float32:
    """The logistic function 1 / (1 + e^-x), with x clipped to [-16, 16], in plain arithmetic.

    e^-x = (e^(-x/16))^16: a degree-6 Taylor polynomial of e^w on |w| <= 1, squared four times.
    In float32 the result is within 5e-7 of the exact logistic function everywhere (tested), far
    below any coefficient's uncertainty; unlike a table lookup it needs no memory access, so the
    compiler runs it on eight agents at once.
    """
    w = _clip(x, -_SIGMOID_RANGE, _SIGMOID_RANGE) * _MINUS_SIXTEENTH
    e = _E0 + w * (_E1 + w * (_E2 + w * (_E3 + w * (_E4 + w * (_E5 + w * _E6)))))
    e = e * e
    e = e * e
    e = e * e
    e = e * e
    return _F1 / (_F1 + e)


@njit(inline="always")
def _clip(x: np.float32, low: np.float32, high: np.float32) -> np.float32:
    return min(high, max(low, x))


@njit(inline="always")
def _clip01(x: np.float32) -> np.float32:
    return _clip(x, _F0, _F1)


_R = [np.float32(r) for r in (7.0, 3.0, 5.0 / 3.0, 1.0, 0.6, 1.0 / 3.0)]
_R0, _R1, _R2, _R3, _R4, _R5 = _R
"""(7 - k) / (k + 1): the ratio of successive Binomial(7, p) probabilities, without p / q."""
_L1, _L2, _L3, _L4, _L5, _L6, _L7 = (np.float32(math.log1p(d)) for d in range(1, 8))


@njit(inline="always")
def _log1p_days(days: np.int32) -> np.float32:
    """log(1 + days) for 0-7 days, as selects (vectorisable; a table would be a gather)."""
    v = _F0
    v = _L1 if days == 1 else v
    v = _L2 if days == 2 else v
    v = _L3 if days == 3 else v
    v = _L4 if days == 4 else v
    v = _L5 if days == 5 else v
    v = _L6 if days == 6 else v
    v = _L7 if days == 7 else v
    return v


@njit(inline="always")
def _binomial7(p: np.float32, u: np.float32) -> np.int32:
    """Days out of 7 by inverting the Binomial(7, p) distribution with one uniform.

    The inversion runs over the less likely outcome, for accuracy: for p > 1/2 it draws the days
    at home, k ~ Binomial(7, 1 - p), and returns 7 - k. It counts the CDF steps below ``u``
    (all seven, branch-free, unrolled) rather than stopping at the first step above it: the same
    result as a search, without a hard-to-predict loop exit, and vectorisable across agents.
    With the less likely side at most 1/2, q >= 1/2 and every term is well conditioned in float32.
    """
    flip = p > _HALF
    small = min(p, _F1 - p)
    q = _F1 - small
    odds = small / q
    q2 = q * q
    prob = q2 * q2 * q2 * q
    cdf = prob
    k = np.int32(u > cdf)
    prob *= _R0 * odds
    cdf += prob
    k += np.int32(u > cdf)
    prob *= _R1 * odds
    cdf += prob
    k += np.int32(u > cdf)
    prob *= _R2 * odds
    cdf += prob
    k += np.int32(u > cdf)
    prob *= _R3 * odds
    cdf += prob
    k += np.int32(u > cdf)
    prob *= _R4 * odds
    cdf += prob
    k += np.int32(u > cdf)
    prob *= _R5 * odds
    cdf += prob
    k += np.int32(u > cdf)
    return np.int32(7) - k if flip else k


TILE = 128
"""Agents per tile: each chunk is processed in tiles whose per-agent intermediate values stay in
small scratch arrays (in the L1 cache) between the passes of :func:`step_week`."""

FASTMATH = {"nnan", "ninf", "nsz", "contract"}
"""The floating-point liberties the kernel allows the compiler: no NaNs or infinities (none
occur: every state is clipped), the sign of zero ignored, and a*b+c fused into one rounding
(FMA). Not allowed: reordering additions or approximate division, which would let the last bits
of a result depend on how the code was compiled -- in-process or loaded from numba's cache, SIMD
body or scalar remainder -- so that the same seed could give different runs."""


@njit(parallel=True, cache=True, fastmath=FASTMATH, error_model="numpy", boundscheck=False)
def step_week(
    week, seed, P, age_min_weeks, age_end_weeks, n_bands,
    age_weeks, sex, attachment, chronic, setting, overprotection, control, anxiety_base,
    anxiety, mood, loneliness, stress, skills, online, run, since_episode, reengage,
    shared, shared_loneliness, shared_next, shared_loneliness_next, friends, ties,
    iv_stream, iv_eligible, iv_start_week, iv_end_week, iv_take_part, iv_duration, iv_universal,
    iv_magnitude, iv_start, hist, sums, iv_new, iv_weeks,
):
    """One week for every agent (the step order of the module docstring).

    ``friends`` and ``ties`` are slot-major, shape (slots, agents): ``Population`` keeps them
    as column-major (agents, slots) arrays and the engine passes their transposes, so that slot m
    of consecutive agents is contiguous.

    How it is organised, for speed: the population is split into ``hist.shape[0]`` fixed chunks
    (the parallel loop), each chunk into tiles of ``TILE`` agents, and each tile goes through a
    few short passes, each a loop over the tile's agents. Most passes are straight-line float32
    or integer arithmetic that the compiler runs on eight agents at once (SIMD); what branches
    (entrants and birthdays, interventions, random tie replacement, the tally) runs agent by agent
    and only where needed. Values passed from one pass to the next stay in small per-chunk scratch
    arrays (in the L1 cache). An agent's steps read only its own state, its own scratch values and
    its friends' last-week buffers, so each agent goes through the steps exactly as in the step
    order; recovery and bookkeeping (9, 10) use nothing that steps 4-8 change, so they run before
    those. Yes/no values are integers or comparisons used at once, never copied Python booleans:
    numba's alias analysis then lets LLVM treat the arrays as not overlapping (they do not).
    """
    n = age_weeks.shape[0]
    n_friends = friends.shape[0]
    n_chunks = hist.shape[0]
    n_iv = iv_stream.shape[0]
    chunk = (n + n_chunks - 1) // n_chunks
    key_entry = stream_key(seed, S_ENTRY, week)
    key_stress = stream_key(seed, S_STRESS, week)
    key_out = stream_key(seed, S_OUT, week)
    key_ties = stream_key(seed, S_TIES, week)
    key_recover = stream_key(seed, S_RECOVER, week)
    iv_keys = np.empty(n_iv, dtype=np.uint64)
    for v in range(n_iv):
        iv_keys[v] = stream_key(seed, iv_stream[v], week)
    weekly_fast = float32(1.0 - (1.0 - P[P_EXIT_FAST]) ** (1.0 / 52.0))
    weekly_chronic = float32(1.0 - (1.0 - P[P_EXIT_CHRONIC]) ** (1.0 / 52.0))
    half_life = P[P_HALF_LIFE]
    # Parameters as float32 locals, read once.
    adjust = float32(P[P_ADJUST])
    p_avoidant = P[P_AVOIDANT]
    p_bullying = float32(P[P_BULLYING])
    p_chronic = P[P_CHRONIC]
    p_event_size = float32(P[P_EVENT_SIZE])
    p_habituate = float32(P[P_HABITUATE])
    p_hysteresis = float32(P[P_HYSTERESIS])
    p_lon0 = float32(P[P_LON0])
    p_lon_anxiety = float32(P[P_LON_ANXIETY])
    p_lon_attach = float32(P[P_LON_ATTACH])
    p_lon_contacts = float32(P[P_LON_CONTACTS])
    p_lon_contagion = float32(P[P_LON_CONTAGION])
    p_lon_ties = float32(P[P_LON_TIES])
    p_mood0 = float32(P[P_MOOD0])
    p_mood_friends = float32(P[P_MOOD_FRIENDS])
    p_mood_lonely = float32(P[P_MOOD_LONELY])
    p_mood_sleep = float32(P[P_MOOD_SLEEP])
    p_mood_stress = float32(P[P_MOOD_STRESS])
    p_online_adjust = float32(P[P_ONLINE_ADJUST])
    p_online_base = float32(P[P_ONLINE_BASE])
    p_online_home = float32(P[P_ONLINE_HOME])
    p_online_lonely = float32(P[P_ONLINE_LONELY])
    p_out0 = float32(P[P_OUT0])
    p_out_anxiety = float32(P[P_OUT_ANXIETY])
    p_out_enrolled = float32(P[P_OUT_ENROLLED])
    p_out_mood = float32(P[P_OUT_MOOD])
    p_out_online = float32(P[P_OUT_ONLINE])
    p_out_over = float32(P[P_OUT_OVER])
    p_out_pull = float32(P[P_OUT_PULL])
    p_out_skills = float32(P[P_OUT_SKILLS])
    p_out_stress = float32(P[P_OUT_STRESS])
    p_reengage_boost = float32(P[P_REENGAGE_BOOST])
    p_reengage_weeks = P[P_REENGAGE_WEEKS]
    p_relief = float32(P[P_RELIEF])
    p_secure = P[P_SECURE]
    p_sensitise = float32(P[P_SENSITISE])
    p_share_education = P[P_SHARE_EDUCATION]
    p_share_male = P[P_SHARE_MALE]
    p_share_no_work = P[P_SHARE_NO_WORK]
    p_skill_decay = float32(P[P_SKILL_DECAY])
    p_skill_growth = float32(P[P_SKILL_GROWTH])
    p_sleep_hours = float32(P[P_SLEEP_HOURS])
    p_stress_decay = float32(P[P_STRESS_DECAY])
    p_stress_rate = float32(P[P_STRESS_RATE])
    p_tie_decay = float32(P[P_TIE_DECAY])
    p_tie_form = float32(P[P_TIE_FORM])
    p_tie_growth = float32(P[P_TIE_GROWTH])
    p_pressure = float32(P[P_PRESSURE])
    # Per-week constants of the loops.
    stress_base = p_stress_rate * p_pressure
    sleep_scale = float32(1.0 / SLEEP_FULL_DISRUPTION_HOURS)
    seventh = float32(1.0 / 7.0)
    inv_friends = float32(1.0 / (255.0 * n_friends))
    insecure_form = float32(1.0 - INSECURE_TIE_FORMATION)
    weak_tie = float32(WEAK_TIE)
    new_tie = float32(NEW_TIE_STRENGTH)
    f255 = float32(255.0)
    f16 = float32(16.0)
    f7 = float32(7.0)
    good_mood_below = float32(GOOD_MOOD_BELOW)
    at_risk = float32(AT_RISK_LEVEL)
    reengage_weeks = np.int8(p_reengage_weeks)
    band_scale = float32(1.0 / (5 * 52))
    n_stages = hist.shape[1]
    for c in prange(n_chunks):
        # Scratch and tallies private to this chunk, written out once at its end: rows of shared
        # arrays updated per agent would put two threads on the same cache lines.
        lever = np.zeros((10, TILE), dtype=np.float32)  # stays 0 without interventions
        lever_sum = np.zeros(10)
        t_sum = np.empty(TILE, dtype=np.int32)  # tie strengths (0-255) summed over friends
        t_days = np.empty(TILE, dtype=np.int32)  # ... times each friend's days out
        t_lonely = np.empty(TILE, dtype=np.float32)  # ... times each friend's loneliness
        good_friends = np.empty(TILE, dtype=np.int32)
        went_out = np.empty((n_friends, TILE), dtype=np.int8)  # friend went out last week
        days_out = np.empty(TILE, dtype=np.int32)
        stress_now = np.empty(TILE, dtype=np.float32)
        strength = np.empty(TILE, dtype=np.float32)
        tie_now = np.empty((n_friends, TILE), dtype=np.float32)
        weak_slot = np.empty((n_friends, TILE), dtype=np.int8)  # the tie may be replaced
        weak = np.empty(TILE, dtype=np.int32)  # how many ties may be replaced
        cell = np.empty(TILE, dtype=np.int32)  # index into the flat tally
        # The weekly sums (MEANS order), per position in the tile: each lane adds its own agents
        # and the lanes are added up once at the end, always in the same order -- so the sums are
        # reproducible, yet the compiler may add eight agents at once (a plain running total
        # would need reordering the additions, which would make the last bits vary).
        lane_sums = np.zeros((N_MEANS, TILE))
        tally = np.zeros(n_stages * n_bands * 2, dtype=np.int32)
        joined = np.zeros(n_iv, dtype=np.int64)
        active = np.zeros(n_iv, dtype=np.int64)
        chunk_end = min(n, (c + 1) * chunk)
        for lo in range(c * chunk, chunk_end, TILE):
            size = min(TILE, chunk_end - lo)
            # Arrays are indexed with an unsigned agent number: numba then skips the wrap-around
            # of negative indices (a compare and an add per access, and a register per array).

            # 0. demography: everyone ages a week; entrants and birthdays at 18 and 24 (rare)
            # are handled agent by agent afterwards, only in tiles that have one.
            special = np.int32(0)
            for k in range(size):
                a = np.uint64(lo + k)
                age = age_weeks[a] + 1
                age_weeks[a] = age
                special += np.int32(age >= age_end_weeks) + np.int32(age == 18 * 52)
                special += np.int32(age == 24 * 52)
            if special > 0:
                for k in range(size):
                    a = np.uint64(lo + k)
                    age = age_weeks[a]
                    if age >= age_end_weeks:
                        age_weeks[a] = age_min_weeks
                        u = uniform(key_entry, a, 0)
                        insecure = 0.0
                        if u < p_secure:
                            attachment[a] = 0
                        elif u < p_secure + p_avoidant:
                            attachment[a] = 1
                            insecure = 1.0
                        else:
                            attachment[a] = 2
                            insecure = 1.0
                        sex[a] = 1 if uniform(key_entry, a, 1) < p_share_male else 0
                        chronic[a] = 1 if uniform(key_entry, a, 2) < p_chronic else 0
                        anxiety_base[a] = (ENTRY_ANXIETY[0]
                                           + ENTRY_ANXIETY[1] * uniform(key_entry, a, 3)
                                           + INSECURE_EXTRA_ANXIETY * insecure)
                        anxiety[a] = anxiety_base[a]
                        mood[a] = ENTRY_MOOD[0] + ENTRY_MOOD[1] * uniform(key_entry, a, 4)
                        loneliness[a] = (ENTRY_LONELINESS[0]
                                         + ENTRY_LONELINESS[1] * uniform(key_entry, a, 5))
                        skills[a] = (ENTRY_SKILLS[0] + ENTRY_SKILLS[1] * uniform(key_entry, a, 6)
                                     - INSECURE_FEWER_SKILLS * insecure)
                        overprotection[a] = FAMILY_TRAIT_MAX * uniform(key_entry, a, 7)
                        control[a] = FAMILY_TRAIT_MAX * uniform(key_entry, a, 8)
                        stress[a] = 0.0
                        online[a] = p_online_base
                        run[a] = 0
                        since_episode[a] = -1
                        reengage[a] = 0
                        setting[a] = 1
                        for m in range(n_friends):
                            ties[m, a] = ENTRY_TIE_STRENGTH
                        for v in range(n_iv):
                            iv_start[v, a] = -1
                    elif age == 18 * 52:
                        if setting[a] == 1:
                            u = uniform(key_entry, a, 9)
                            if u < p_share_education:
                                setting[a] = 1
                            elif u > 1.0 - p_share_no_work:
                                setting[a] = 0
                            else:
                                setting[a] = 2
                    elif age == 24 * 52 and setting[a] == 1:
                        setting[a] = 0 if uniform(key_entry, a, 10) < p_share_no_work else 2

            # 1. interventions: enrol the newly eligible, then add up the levers
            if n_iv > 0:
                for k in range(size):
                    a = np.uint64(lo + k)
                    years = age_weeks[a] // 52
                    place = setting[a]
                    r0 = run[a]
                    for lv in range(10):
                        lever_sum[lv] = 0.0
                    for v in range(n_iv):
                        start = iv_start[v, a]
                        elig = iv_eligible[v]
                        if start == -2 and elig == ELIG_WITHDRAWN and r0 == 0:
                            start = -1  # declined in an earlier episode: may be offered again
                        if start == -1 and iv_start_week[v] <= week and week < iv_end_week[v]:
                            ok = 0
                            if elig == ELIG_EVERYONE:
                                ok = 1
                            elif elig == ELIG_SCHOOL:
                                if place == 1 and years < 18:
                                    ok = 1
                            elif elig == ELIG_MINORS:
                                if years < 18:
                                    ok = 1
                            elif elig == ELIG_AT_RISK:
                                if anxiety[a] > at_risk or loneliness[a] > at_risk:
                                    ok = 1
                            elif elig == ELIG_WITHDRAWN and r0 >= PRE_WEEKS:
                                ok = 1
                            if ok == 1:
                                if uniform(iv_keys[v], a, 0) < iv_take_part[v]:
                                    start = week
                                    joined[v] += 1
                                else:
                                    start = -2
                        iv_start[v, a] = start
                        if start >= 0:
                            if iv_universal[v] != 0:
                                after = week - iv_end_week[v] + 1
                            else:
                                after = week - start - iv_duration[v] + 1
                            if after <= 0:
                                weight = 1.0
                                active[v] += 1
                            else:
                                weight = 0.5 ** (after / half_life)
                            if weight > 0.01:
                                for lv in range(10):
                                    lever_sum[lv] += weight * iv_magnitude[v, lv]
                    for lv in range(10):
                        lever[lv, k] = lever_sum[lv]

            # 3. (first part) last week's friends, weighted by tie strength: integer sums of
            # ties and ties x days out (exact), ties x loneliness, friends in a good mood, and
            # which friends went out at all (for the ties in step 6).
            for k in range(size):
                t_sum[k] = 0
                t_days[k] = 0
                t_lonely[k] = _F0
                good_friends[k] = 0
            for m in range(n_friends):
                for k in range(size):
                    a = np.uint64(lo + k)
                    j = np.uint64(friends[m, a])
                    t = np.int32(ties[m, a])
                    flags = np.int32(shared[j])
                    d = flags & 7
                    t_sum[k] += t
                    t_days[k] += t * d
                    t_lonely[k] += float32(t) * shared_loneliness[j]
                    good_friends[k] += flags >> 3
                    went_out[m, k] = d > 0

            # 2. M1 stress, 3. going out ---------------------------------------------------
            for k in range(size):
                a = np.uint64(lo + k)
                place = setting[a]
                sk = skills[a]
                rate = stress_base * (_F1 + control[a])
                bullying = p_bullying * (_F1 - sk) * (_F1 + lever[L_BULLY, k])
                rate += bullying if place == 1 else _F0
                st = stress[a] * p_stress_decay
                st += p_event_size if uniform24(key_stress, a, 0) < rate else _F0
                st = _clip01(st - adjust * lever[L_STRESS, k])
                # Friends' weighted mean days out (pull); no ties at all gives 0 (t_days is 0).
                inverse = _F1 / float32(max(1, t_sum[k]))
                pull = p_out_pull * seventh * float32(t_days[k]) * inverse
                over = max(_F0, overprotection[a] - lever[L_OVER, k])
                x = (p_out0 - p_out_anxiety * anxiety[a] - p_out_stress * st
                     - p_out_mood * mood[a] - p_out_online * online[a] + pull
                     - p_out_over * over + p_out_skills * sk)
                x += p_out_enrolled if place != 0 else _F0
                support = reengage[a]
                x += p_reengage_boost if support > 0 else _F0
                reengage[a] = support - 1 if support > 0 else support
                days_out[k] = _binomial7(_sigmoid(x), uniform24(key_out, a, 0))
                stress_now[k] = st
                t_lonely[k] *= inverse  # from here on: friends' weighted mean loneliness

            # 6. M6 ties: used ones (both went out) strengthen, unused ones decay; weak ones may
            # be replaced in a week out -- a random draw, agent by agent, for the few weak ones.
            for k in range(size):
                strength[k] = _F0
                weak[k] = 0
            for m in range(n_friends):
                for k in range(size):
                    a = np.uint64(lo + k)
                    out = np.int32(days_out[k] > 0)
                    t = float32(ties[m, a])
                    grown = t + p_tie_growth * (f255 - t)
                    decayed = t - p_tie_decay * t
                    t = grown if (np.int32(went_out[m, k]) & out) != 0 else decayed
                    is_weak = np.int32(t < weak_tie) & out
                    weak_slot[m, k] = is_weak
                    weak[k] += is_weak
                    ties[m, a] = np.uint8(min(f255, max(_F0, t)))
                    tie_now[m, k] = t
                    strength[k] += t
            any_weak = 0
            for k in range(size):
                any_weak += weak[k]
            for k in range(size if any_weak != 0 else 0):
                if weak[k] != 0:
                    a = np.uint64(lo + k)
                    i = lo + k
                    insecure_tie = _F0 if attachment[a] == 0 else _F1
                    form = (p_tie_form * skills[a] * (_F1 - insecure_form * insecure_tie)
                            * (_F1 + lever[L_TIES, k]))
                    for m in range(n_friends):
                        if weak_slot[m, k] != 0 and uniform(key_ties, a, m) < form:
                            offset = 1 + int(uniform(key_ties, a, m + n_friends) * TIE_WINDOW)
                            if uniform(key_ties, a, m + 2 * n_friends) < 0.5:
                                offset = -offset
                            j = (i + offset) % n
                            if j != i:
                                friends[m, a] = j
                                ties[m, a] = np.uint8(new_tie)
                                strength[k] += new_tie - tie_now[m, k]

            # 9. M8 recovery, 10. bookkeeping ----------------------------------------------
            # Withdrawn: no school or work (out fewer than 4 days, which also means taking part
            # in none) and out at most 3 days: for whole days, both are "days <= 3".
            for k in range(size):
                a = np.uint64(lo + k)
                withdrawn = np.int32(days_out[k] <= WITHDRAWN_MAX_DAYS_OUT)
                r0 = np.int32(run[a])
                since = np.int32(since_episode[a])
                hazard = weekly_chronic if chronic[a] == 1 else weekly_fast
                hazard = hazard * p_hysteresis if r0 >= HIK_WEEKS else hazard
                hazard += lever[L_RECOVERY, k]
                drawn = np.int32(uniform24(key_recover, a, 0) < hazard)
                recovers = withdrawn & np.int32(r0 > 0) & drawn
                reengage[a] = reengage_weeks if recovers != 0 else reengage[a]
                r = min(r0 + np.int32(1), np.int32(30000)) if withdrawn != 0 else np.int32(0)
                kept = np.int32(0) if r0 >= PRE_WEEKS else since
                ended = np.int32(-1) if withdrawn != 0 else kept
                since = ended + 1 if ended >= 0 else ended
                since = np.int32(-1) if since > RECOVERING_WEEKS else since
                stage = 4 if since >= 0 else 0
                stage = 1 if r >= 1 else stage
                stage = 2 if r >= PRE_WEEKS else stage
                stage = 3 if r >= HIK_WEEKS else stage
                # Five-year band: exact for whole weeks (the +0.5 keeps rounding off the edges).
                band = np.int32((float32(age_weeks[a] - age_min_weeks) + _HALF) * band_scale)
                band = min(np.int32(n_bands - 1), max(np.int32(0), band))
                cell[k] = (stage * n_bands + band) * 2 + np.int32(sex[a])
                run[a] = r
                since_episode[a] = since
            for k in range(size):
                tally[cell[k]] += 1

            # 4. M2 avoidance, 5. M3 technology, 6. loneliness, 7. mood, 8. M7 development,
            # and what friends see next week -------------------------------------------------
            for k in range(size):
                a = np.uint64(lo + k)
                days = days_out[k]
                home = float32(7 - days)
                withdrawn = days <= WITHDRAWN_MAX_DAYS_OUT
                st = stress_now[k]
                # 4. M2 avoidance: a withdrawn week relieves stress, sensitises anxiety and
                # costs skills; a week out habituates anxiety towards its baseline.
                anx = anxiety[a]
                anx_target = max(_F0, anxiety_base[a] - lever[L_ANX, k])
                sensitised = anx + p_sensitise * (_F1 - anx) - adjust * lever[L_ANX, k]
                habituated = anx - p_habituate * ((f7 - home) * seventh) * (anx - anx_target)
                anx = _clip01(sensitised if withdrawn else habituated)
                st = st * p_relief if withdrawn else st
                # 5. M3 technology
                lon = loneliness[a]
                target = (p_online_base + p_online_home * (home * seventh)
                          + p_online_lonely * lon - lever[L_ONLINE, k])
                onl = online[a]
                onl += p_online_adjust * (max(_F0, target) - onl)
                onl = min(f16, max(_F0, onl))
                sleep = _clip01((onl - p_sleep_hours) * sleep_scale)
                # 6. M6 loneliness
                insecure_lon = _F0 if attachment[a] == 0 else _F1
                lon_target = _sigmoid(p_lon0 - p_lon_contacts * _log1p_days(days)
                                      - p_lon_ties * (strength[k] * inv_friends)
                                      + p_lon_anxiety * anx + p_lon_attach * insecure_lon)
                lon_target += p_lon_contagion * (t_lonely[k] - lon) - lever[L_LON, k]
                lon = _clip01(lon + adjust * (lon_target - lon))
                # 7. mood
                md = mood[a]
                md_target = _sigmoid(p_mood0 + p_mood_lonely * lon + p_mood_stress * st
                                     + p_mood_sleep * sleep) - lever[L_MOOD, k]
                change = adjust * (md_target - md)
                damp = np.int32(change > _F0) & np.int32(good_friends[k] >= HEALTHY_FRIENDS)
                change = change * p_mood_friends if damp != 0 else change
                md = _clip01(md + change)
                # 8. M7 development: skills grow in a week out (4+ days), decline in a
                # withdrawn one
                sk = skills[a]
                grown = sk + p_skill_growth * (_F1 - sk)
                declined = sk - p_skill_decay * sk
                sk = _clip01((declined if withdrawn else grown) + adjust * lever[L_SKILLS, k])
                anxiety[a] = anx
                stress[a] = st
                online[a] = onl
                loneliness[a] = lon
                mood[a] = md
                skills[a] = sk
                shared_next[a] = np.int8(days + (8 if md < good_mood_below else 0))
                shared_loneliness_next[a] = lon
            # The weekly sums, in float64 (a separate loop keeps the one above in float32 only).
            for k in range(size):
                a = np.uint64(lo + k)
                lane_sums[0, k] += loneliness[a]
                lane_sums[1, k] += online[a]
                lane_sums[2, k] += skills[a]
                lane_sums[3, k] += anxiety[a]
                lane_sums[4, k] += mood[a]
                lane_sums[5, k] += stress[a]
        for s in range(n_stages):
            for b in range(n_bands):
                hist[c, s, b, 0] = tally[(s * n_bands + b) * 2]
                hist[c, s, b, 1] = tally[(s * n_bands + b) * 2 + 1]
        for q in range(N_MEANS):
            total = 0.0
            for k in range(TILE):
                total += lane_sums[q, k]
            sums[c, q] = total
        iv_new[c] = joined
        iv_weeks[c] = active
