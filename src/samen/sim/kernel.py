"""One simulated week for every agent, as one fused, compiled pass.

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
that both make (common random numbers).
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange, uint64

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
def uniform(key: np.uint64, agent: int, draw: int) -> float:
    """A uniform in [0, 1): SplitMix64's output function on the counter (agent, draw) of a
    stream-week key."""
    counter = uint64(agent) * uint64(DRAWS_PER_AGENT) + uint64(draw) + uint64(1)
    z = _mix(key + counter * _GOLDEN)
    return float(z >> uint64(11)) * (1.0 / 9007199254740992.0)


_SIGMOID_RANGE = 16.0
_SIGMOID_STEPS = 64  # table points per unit of x
_SIGMOID_TABLE = 1.0 / (1.0 + np.exp(
    _SIGMOID_RANGE - np.arange(int(2 * _SIGMOID_RANGE * _SIGMOID_STEPS) + 2) / _SIGMOID_STEPS))
"""The logistic function tabulated on [-16, 16] in steps of 1/64; linear interpolation is
accurate to about 3e-6 (h^2/8 x max |sigma''|), far below any coefficient's uncertainty, and
several times cheaper than calling exp for every agent and mechanism."""


@njit(inline="always")
def _sigmoid(x: float) -> float:
    t = (min(_SIGMOID_RANGE, max(-_SIGMOID_RANGE, x)) + _SIGMOID_RANGE) * _SIGMOID_STEPS
    k = int(t)
    frac = t - k
    return _SIGMOID_TABLE[k] + frac * (_SIGMOID_TABLE[k + 1] - _SIGMOID_TABLE[k])


@njit(inline="always")
def _clip01(x: float) -> float:
    return min(1.0, max(0.0, x))


_BINOMIAL_RATIO = np.array([7.0, 3.0, 5.0 / 3.0, 1.0, 0.6, 1.0 / 3.0, 1.0 / 7.0])
"""(7 - k) / (k + 1): the ratio of successive Binomial(7, p) probabilities, without p / q."""
_LOG1P_DAYS = np.log1p(np.arange(8.0))


@njit(inline="always")
def _binomial7(p: float, u: float) -> int:
    """Days out of 7 by inverting the Binomial(7, p) distribution with one uniform.

    The search starts from the likelier end (most weeks have 6-7 days out), so it usually stops
    after one or two terms: for p > 1/2 it draws the days at home, k ~ Binomial(7, 1 - p), and
    returns 7 - k.
    """
    p = min(1.0 - 1e-9, max(1e-9, p))
    flip = p > 0.5
    if flip:
        p = 1.0 - p
    q = 1.0 - p
    odds = p / q
    q2 = q * q
    prob = q2 * q2 * q2 * q
    cdf = prob
    k = 0
    while u > cdf and k < 7:
        prob *= _BINOMIAL_RATIO[k] * odds
        k += 1
        cdf += prob
    return 7 - k if flip else k


@njit(parallel=True, cache=True, fastmath=True, error_model="numpy")
def step_week(
    week, seed, P, age_min_weeks, age_end_weeks, n_bands,
    age_weeks, sex, attachment, chronic, setting, overprotection, control, anxiety_base,
    anxiety, mood, loneliness, stress, skills, online, run, since_episode, reengage,
    shared, shared_loneliness, shared_next, shared_loneliness_next, friends, ties,
    iv_stream, iv_eligible, iv_start_week, iv_end_week, iv_take_part, iv_duration, iv_universal,
    iv_magnitude, iv_start, hist, sums, iv_new, iv_weeks,
):
    n = age_weeks.shape[0]
    n_friends = friends.shape[1]
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
    weekly_fast = 1.0 - (1.0 - P[P_EXIT_FAST]) ** (1.0 / 52.0)
    weekly_chronic = 1.0 - (1.0 - P[P_EXIT_CHRONIC]) ** (1.0 / 52.0)
    half_life = P[P_HALF_LIFE]
    adjust = P[P_ADJUST]
    # Parameters as local scalars: loads from P inside the loop could not be hoisted, since
    # numba cannot prove that P does not alias the state arrays being written.
    p_avoidant = P[P_AVOIDANT]
    p_bullying = P[P_BULLYING]
    p_chronic = P[P_CHRONIC]
    p_event_size = P[P_EVENT_SIZE]
    p_habituate = P[P_HABITUATE]
    p_hysteresis = P[P_HYSTERESIS]
    p_lon0 = P[P_LON0]
    p_lon_anxiety = P[P_LON_ANXIETY]
    p_lon_attach = P[P_LON_ATTACH]
    p_lon_contacts = P[P_LON_CONTACTS]
    p_lon_contagion = P[P_LON_CONTAGION]
    p_lon_ties = P[P_LON_TIES]
    p_mood0 = P[P_MOOD0]
    p_mood_friends = P[P_MOOD_FRIENDS]
    p_mood_lonely = P[P_MOOD_LONELY]
    p_mood_sleep = P[P_MOOD_SLEEP]
    p_mood_stress = P[P_MOOD_STRESS]
    p_online_adjust = P[P_ONLINE_ADJUST]
    p_online_base = P[P_ONLINE_BASE]
    p_online_home = P[P_ONLINE_HOME]
    p_online_lonely = P[P_ONLINE_LONELY]
    p_out0 = P[P_OUT0]
    p_out_anxiety = P[P_OUT_ANXIETY]
    p_out_enrolled = P[P_OUT_ENROLLED]
    p_out_mood = P[P_OUT_MOOD]
    p_out_online = P[P_OUT_ONLINE]
    p_out_over = P[P_OUT_OVER]
    p_out_pull = P[P_OUT_PULL]
    p_out_skills = P[P_OUT_SKILLS]
    p_out_stress = P[P_OUT_STRESS]
    p_pressure = P[P_PRESSURE]
    p_reengage_boost = P[P_REENGAGE_BOOST]
    p_reengage_weeks = P[P_REENGAGE_WEEKS]
    p_relief = P[P_RELIEF]
    p_secure = P[P_SECURE]
    p_sensitise = P[P_SENSITISE]
    p_share_education = P[P_SHARE_EDUCATION]
    p_share_male = P[P_SHARE_MALE]
    p_share_no_work = P[P_SHARE_NO_WORK]
    p_skill_decay = P[P_SKILL_DECAY]
    p_skill_growth = P[P_SKILL_GROWTH]
    p_sleep_hours = P[P_SLEEP_HOURS]
    p_stress_decay = P[P_STRESS_DECAY]
    p_stress_rate = P[P_STRESS_RATE]
    p_tie_decay = P[P_TIE_DECAY]
    p_tie_form = P[P_TIE_FORM]
    p_tie_growth = P[P_TIE_GROWTH]
    for c in prange(n_chunks):
        # Scratch and tallies private to this chunk, written out once at its end: rows of shared
        # arrays updated per agent would put two threads on the same cache lines.
        lever = np.zeros(10)
        flags_of = np.zeros(n_friends, dtype=np.int8)  # friends' flags, gathered once per agent
        tally = np.zeros((hist.shape[1], n_bands, 2), dtype=np.int32)
        total = np.zeros(N_MEANS)
        joined = np.zeros(n_iv, dtype=np.int64)
        active = np.zeros(n_iv, dtype=np.int64)
        for i in range(c * chunk, min(n, (c + 1) * chunk)):
            # 0. demography ------------------------------------------------------------------
            age = age_weeks[i] + 1
            if age >= age_end_weeks:
                age = age_min_weeks
                u = uniform(key_entry, i, 0)
                insecure = 0.0
                if u < p_secure:
                    attachment[i] = 0
                elif u < p_secure + p_avoidant:
                    attachment[i] = 1
                    insecure = 1.0
                else:
                    attachment[i] = 2
                    insecure = 1.0
                sex[i] = 1 if uniform(key_entry, i, 1) < p_share_male else 0
                chronic[i] = 1 if uniform(key_entry, i, 2) < p_chronic else 0
                anxiety_base[i] = (ENTRY_ANXIETY[0] + ENTRY_ANXIETY[1] * uniform(key_entry, i, 3)
                                   + INSECURE_EXTRA_ANXIETY * insecure)
                anxiety[i] = anxiety_base[i]
                mood[i] = ENTRY_MOOD[0] + ENTRY_MOOD[1] * uniform(key_entry, i, 4)
                loneliness[i] = ENTRY_LONELINESS[0] + ENTRY_LONELINESS[1] * uniform(key_entry, i, 5)
                skills[i] = (ENTRY_SKILLS[0] + ENTRY_SKILLS[1] * uniform(key_entry, i, 6)
                             - INSECURE_FEWER_SKILLS * insecure)
                overprotection[i] = FAMILY_TRAIT_MAX * uniform(key_entry, i, 7)
                control[i] = FAMILY_TRAIT_MAX * uniform(key_entry, i, 8)
                stress[i] = 0.0
                online[i] = p_online_base
                run[i] = 0
                since_episode[i] = -1
                reengage[i] = 0
                setting[i] = 1
                for m in range(n_friends):
                    ties[i, m] = ENTRY_TIE_STRENGTH
                for v in range(n_iv):
                    iv_start[v, i] = -1
            elif age == 18 * 52 and setting[i] == 1:
                u = uniform(key_entry, i, 9)
                if u < p_share_education:
                    setting[i] = 1
                elif u > 1.0 - p_share_no_work:
                    setting[i] = 0
                else:
                    setting[i] = 2
            elif age == 24 * 52 and setting[i] == 1:
                setting[i] = 0 if uniform(key_entry, i, 10) < p_share_no_work else 2
            age_weeks[i] = age
            years = age // 52

            # 1. interventions: enrol the newly eligible, then add up the levers --------------
            lever[:] = 0.0
            for v in range(n_iv):
                start = iv_start[v, i]
                elig = iv_eligible[v]
                if start == -2 and elig == ELIG_WITHDRAWN and run[i] == 0:
                    start = -1  # declined in an earlier episode: may be offered again
                if start == -1 and iv_start_week[v] <= week < iv_end_week[v]:
                    ok = (elig == ELIG_EVERYONE
                          or (elig == ELIG_SCHOOL and setting[i] == 1 and years < 18)
                          or (elig == ELIG_MINORS and years < 18)
                          or (elig == ELIG_AT_RISK and (anxiety[i] > AT_RISK_LEVEL or loneliness[i] > AT_RISK_LEVEL))
                          or (elig == ELIG_WITHDRAWN and run[i] >= PRE_WEEKS))
                    if ok:
                        if uniform(iv_keys[v], i, 0) < iv_take_part[v]:
                            start = week
                            joined[v] += 1
                        else:
                            start = -2
                iv_start[v, i] = start
                if start >= 0:
                    if iv_universal[v]:
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
                            lever[lv] += weight * iv_magnitude[v, lv]

            # 2. M1 stress ---------------------------------------------------------------------
            school = 1.0 if setting[i] == 1 else 0.0
            rate = (p_stress_rate * p_pressure * (1.0 + control[i])
                    + school * p_bullying * (1.0 - skills[i]) * (1.0 + lever[L_BULLY]))
            st = stress[i] * p_stress_decay
            if uniform(key_stress, i, 0) < rate:
                st += p_event_size
            st = _clip01(st - adjust * lever[L_STRESS])

            # 3. going out ---------------------------------------------------------------------
            pull = 0.0
            weight_sum = 0.0
            friend_lonely = 0.0
            good_friends = 0
            for m in range(n_friends):
                j = friends[i, m]
                w = ties[i, m] * (1.0 / 255.0)
                flags = shared[j]
                flags_of[m] = flags
                pull += w * (flags & 7) / 7.0
                friend_lonely += w * shared_loneliness[j]
                weight_sum += w
                good_friends += (flags >> 3) & 1
            if weight_sum > 0.0:
                pull /= weight_sum
                friend_lonely /= weight_sum
            anx = anxiety[i]
            md = mood[i]
            sk = skills[i]
            onl = online[i]
            over = max(0.0, overprotection[i] - lever[L_OVER])
            enrolled = 1.0 if setting[i] != 0 else 0.0
            x = (p_out0 + p_out_enrolled * enrolled - p_out_anxiety * anx
                 - p_out_stress * st - p_out_mood * md - p_out_online * onl
                 + p_out_pull * pull - p_out_over * over + p_out_skills * sk)
            if reengage[i] > 0:
                x += p_reengage_boost
                reengage[i] -= 1
            days = _binomial7(_sigmoid(x), uniform(key_out, i, 0))
            participates = enrolled > 0.0 and days > WITHDRAWN_MAX_DAYS_OUT
            withdrawn = (not participates) and days <= WITHDRAWN_MAX_DAYS_OUT

            # 4. M2 avoidance ------------------------------------------------------------------
            anx_target = max(0.0, anxiety_base[i] - lever[L_ANX])
            if withdrawn:
                st *= p_relief
                anx += p_sensitise * (1.0 - anx) - adjust * lever[L_ANX]
            else:
                anx -= p_habituate * (days / 7.0) * (anx - anx_target)
            anx = _clip01(anx)

            # 5. M3 technology -----------------------------------------------------------------
            target = (p_online_base + p_online_home * (7 - days) / 7.0
                      + p_online_lonely * loneliness[i] - lever[L_ONLINE])
            onl += p_online_adjust * (max(0.0, target) - onl)
            onl = min(16.0, max(0.0, onl))
            sleep = _clip01((onl - p_sleep_hours) / SLEEP_FULL_DISRUPTION_HOURS)

            # 6. M6 ties and loneliness --------------------------------------------------------
            strength = 0.0
            form = p_tie_form * sk * (1.0 if attachment[i] == 0 else INSECURE_TIE_FORMATION) * (1.0 + lever[L_TIES])
            for m in range(n_friends):
                t = float(ties[i, m])
                if days > 0 and (flags_of[m] & 7) > 0:
                    t += p_tie_growth * (255.0 - t)
                else:
                    t -= p_tie_decay * t
                if t < WEAK_TIE and days > 0 and uniform(key_ties, i, m) < form:
                    offset = 1 + int(uniform(key_ties, i, m + n_friends) * TIE_WINDOW)
                    if uniform(key_ties, i, m + 2 * n_friends) < 0.5:
                        offset = -offset
                    j = (i + offset) % n
                    if j != i:
                        friends[i, m] = j
                        t = NEW_TIE_STRENGTH
                ties[i, m] = np.uint8(min(255.0, max(0.0, t)))
                strength += t * (1.0 / 255.0)
            strength /= n_friends
            insecure = 0.0 if attachment[i] == 0 else 1.0
            lon = loneliness[i]
            lon_target = _sigmoid(p_lon0 - p_lon_contacts * _LOG1P_DAYS[days]
                                  - p_lon_ties * strength + p_lon_anxiety * anx
                                  + p_lon_attach * insecure)
            lon_target += p_lon_contagion * (friend_lonely - lon) - lever[L_LON]
            lon = _clip01(lon + adjust * (lon_target - lon))

            # 7. mood --------------------------------------------------------------------------
            md_target = _sigmoid(p_mood0 + p_mood_lonely * lon + p_mood_stress * st
                                 + p_mood_sleep * sleep) - lever[L_MOOD]
            change = adjust * (md_target - md)
            if change > 0.0 and good_friends >= HEALTHY_FRIENDS:
                change *= p_mood_friends
            md = _clip01(md + change)

            # 8. M7 development ----------------------------------------------------------------
            if participates or days > WITHDRAWN_MAX_DAYS_OUT:
                sk += p_skill_growth * (1.0 - sk)
            elif withdrawn:
                sk -= p_skill_decay * sk
            sk = _clip01(sk + adjust * lever[L_SKILLS])

            # 9. M8 recovery -------------------------------------------------------------------
            if withdrawn and run[i] > 0:
                hazard = weekly_chronic if chronic[i] == 1 else weekly_fast
                if run[i] >= HIK_WEEKS:
                    hazard *= p_hysteresis
                hazard += lever[L_RECOVERY]
                if uniform(key_recover, i, 0) < hazard:
                    reengage[i] = np.int8(p_reengage_weeks)

            # 10. bookkeeping ------------------------------------------------------------------
            r = run[i]
            since = since_episode[i]
            if withdrawn:
                r = min(r + 1, 30000)
                since = -1
            else:
                if r >= PRE_WEEKS:
                    since = 0
                r = 0
            if since >= 0:
                since += 1
                if since > RECOVERING_WEEKS:
                    since = -1
            run[i] = r
            since_episode[i] = since
            if r >= HIK_WEEKS:
                stage = 3
            elif r >= PRE_WEEKS:
                stage = 2
            elif r >= 1:
                stage = 1
            elif since >= 0:
                stage = 4
            else:
                stage = 0
            band = min(n_bands - 1, max(0, (age - age_min_weeks) // (5 * 52)))
            tally[stage, band, sex[i]] += 1
            total[0] += lon
            total[1] += onl
            total[2] += sk
            total[3] += anx
            total[4] += md
            total[5] += st
            anxiety[i] = anx
            mood[i] = md
            loneliness[i] = lon
            stress[i] = st
            skills[i] = sk
            online[i] = onl
            shared_next[i] = np.int8(days | ((1 if md < GOOD_MOOD_BELOW else 0) << 3))
            shared_loneliness_next[i] = lon
        hist[c] = tally
        sums[c] = total
        iv_new[c] = joined
        iv_weeks[c] = active
