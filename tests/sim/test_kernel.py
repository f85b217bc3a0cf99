"""The compiled week kernel: its numeric helpers, and one week against a plain reference.

The kernel is organised for speed (tiles, passes, float32, SIMD; see ``step_week``'s docstring).
``_reference_week`` below is the step order of the module docstring written the plain way -- one
agent at a time, float64, ``math.exp`` -- and the kernel must give the same week from the same
state. The start state is made to exercise the rare paths: entrants, the birthdays at 18 and 24,
withdrawn runs across the stage thresholds, re-engagement support, weak ties to replace.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

from samen.sim import kernel
from samen.sim.engine import WeekStepper
from samen.sim.interventions import compile_interventions
from samen.sim.params import INDEX, parameter_vector
from samen.sim.population import Population, build_population

AGE_MIN, AGE_MAX = 10, 39
AGE_MIN_WEEKS, AGE_END_WEEKS = AGE_MIN * 52, (AGE_MAX + 1) * 52
N_BANDS = 6
SEED, WEEK = 11, 3
Week = tuple[Population, Population, dict[str, Any], dict[str, Any]]


# -- the numeric helpers -------------------------------------------------------------------------


def test_the_logistic_function_is_accurate_in_float32() -> None:
    xs = np.linspace(-16, 16, 64001, dtype=np.float32)
    exact = 1 / (1 + np.exp(-xs.astype(np.float64)))
    approx = np.array([kernel._sigmoid(x) for x in xs])
    assert np.abs(approx - exact).max() < 5e-7
    # Beyond +-16 the input is clipped: the value at 16 (1 - 1.1e-7) and at -16 (1.1e-7).
    assert kernel._sigmoid(np.float32(40.0)) == kernel._sigmoid(np.float32(16.0))
    assert kernel._sigmoid(np.float32(-40.0)) == pytest.approx(1.125e-7, rel=1e-2)


def _days_by_exact_inversion(p: float, u: float) -> int:
    """Binomial(7, p) by inversion over the less likely side, in exact rational arithmetic."""
    flip = p > 0.5
    small = Fraction(1 - p if flip else p)
    cdf, k = Fraction(0), 0
    for j in range(8):
        cdf += math.comb(7, j) * small**j * (1 - small) ** (7 - j)
        if u <= cdf:
            k = j
            break
    return 7 - k if flip else k


@pytest.mark.parametrize(
    ("p", "u", "days"),
    [
        # p = 1/2 (no flip): cumulative 1, 8, 29, 64, 99, 120, 127, 128 out of 128.
        (0.5, 0.005, 0),  # <= 1/128
        (0.5, 0.3, 3),  # 29/128 = 0.227 < 0.3 <= 64/128
        (0.5, 0.8, 5),  # 99/128 = 0.773 < 0.8 <= 120/128
        (0.5, 0.999, 7),  # > 127/128
        # p = 0.9: days at home ~ Binomial(7, 0.1): P(0) = 0.9^7 = 0.4783, P(<=1) = 0.8503.
        (0.9, 0.3, 7),
        (0.9, 0.6, 6),
        (0.9, 0.9, 5),
        # p = 0.2: P(0) = 0.8^7 = 0.2097, P(<=1) = 0.2097 + 7 * 0.2 * 0.8^6 = 0.5767.
        (0.2, 0.1, 0),
        (0.2, 0.5, 1),
        (0.2, 0.6, 2),
    ],
)
def test_days_out_invert_the_binomial(p: float, u: float, days: int) -> None:
    assert kernel._binomial7(np.float32(p), np.float32(u)) == days
    assert _days_by_exact_inversion(p, u) == days


def test_days_out_agree_with_exact_inversion_on_a_grid() -> None:
    rng = np.random.default_rng(5)
    ps = rng.random(3000).astype(np.float32)
    us = rng.random(3000).astype(np.float32)
    got = np.array([kernel._binomial7(p, u) for p, u in zip(ps, us, strict=True)])
    want = np.array([_days_by_exact_inversion(float(p), float(u))
                     for p, u in zip(ps, us, strict=True)])
    # float32 puts a CDF step off by ~1e-7 at most; a grid of 3000 draws never lands that close.
    assert (got == want).all()
    # and the mean is 7p (within sampling noise: sd of a day count is at most 1.32).
    assert abs(got.mean() - 7 * ps.mean()) < 4 * 1.32 / math.sqrt(3000)


def test_a_24_bit_draw_is_the_top_of_the_53_bit_one() -> None:
    key = np.uint64(kernel.stream_key(SEED, kernel.S_OUT, WEEK))
    for agent in (0, 1, 77, 123_456, 9_999_999):
        for draw in (0, 5, 63):
            fine = kernel.uniform(key, agent, draw)
            coarse = float(kernel.uniform24(key, agent, draw))
            assert coarse <= fine < coarse + 2.0**-24
            assert (coarse * 2**24).is_integer()


def test_log1p_of_days_out() -> None:
    for days in range(8):
        assert kernel._log1p_days(np.int32(days)) == pytest.approx(math.log1p(days), rel=1e-7)


# -- one week against the reference -------------------------------------------------------------


def _start(n: int = 600) -> Population:
    """A population with every rare path of a week present (see the module docstring)."""
    pop = build_population(n, "nl", AGE_MIN, AGE_MAX, parameter_vector(), 4)
    rng = np.random.default_rng(8)
    pop.age_weeks[:10] = AGE_END_WEEKS - 1  # entrants this week
    pop.age_weeks[10:20] = 18 * 52 - 1  # turn 18 ...
    pop.setting[10:20] = 1  # ... at school
    pop.age_weeks[20:30] = 24 * 52 - 1  # turn 24 ...
    pop.setting[20:30] = 1  # ... in education
    # Anxiety away from its baseline, so habituation moves it.
    pop.anxiety[:] = np.clip(pop.anxiety_base + 0.3 * rng.random(n), 0, 1)
    # Withdrawn agents with runs around the stage thresholds; anxious and low, so mostly home.
    pop.run[30:90] = np.tile([1, 12, 13, 25, 26, 100], 10)
    pop.anxiety[30:90] = 0.95
    pop.mood[30:90] = 0.9
    pop.since_episode[90:120] = np.arange(30) - 3  # -3 .. 26: none, and recovering ones
    pop.reengage[120:140] = np.arange(20) % 9
    pop.ties[140:200] = rng.integers(0, 40, (60, pop.ties.shape[1]))  # weak ties
    pop.shared[:] = rng.integers(0, 16, n)  # last week's days out (0-7) and good-mood bit
    pop.shared_loneliness[:] = rng.random(n).astype(np.float32)
    pop.stress[:] = rng.random(n).astype(np.float32) * 0.5
    pop.online[:] = rng.random(n).astype(np.float32) * 8
    return pop


def _copy(pop: Population) -> Population:
    return Population(**{k: np.array(v, copy=True, order="K") for k, v in vars(pop).items()})


def _reference_week(pop: Population, P: npt.NDArray[np.float64]) -> dict[str, Any]:
    """The step order, one agent at a time in float64 (no interventions)."""
    p = {name: float(P[k]) for name, k in INDEX.items()}
    key = {s: np.uint64(kernel.stream_key(SEED, s, WEEK)) for s in range(1, 6)}

    def u(stream: int, agent: int, draw: int = 0) -> float:
        return float(kernel.uniform(key[stream], agent, draw))

    n, nf = pop.size, pop.friends.shape[1]
    shared_next = np.zeros(n, dtype=np.int8)
    lonely_next = np.zeros(n, dtype=np.float32)
    tally = np.zeros((5, N_BANDS, 2), dtype=np.int64)
    weekly = {t: 1 - (1 - p[name]) ** (1 / 52) for t, name in ((0, "exit_fast"), (1, "exit_chronic"))}
    for i in range(n):
        # 0. demography
        age = int(pop.age_weeks[i]) + 1
        if age >= AGE_END_WEEKS:
            age = AGE_MIN_WEEKS
            v = u(1, i, 0)
            attach = 0 if v < p["attachment_secure"] else (
                1 if v < p["attachment_secure"] + p["attachment_avoidant"] else 2)
            insecure = 0.0 if attach == 0 else 1.0
            pop.attachment[i] = attach
            pop.sex[i] = u(1, i, 1) < p["share_male"]
            pop.chronic[i] = u(1, i, 2) < p["chronic_share"]
            pop.anxiety_base[i] = 0.05 + 0.35 * u(1, i, 3) + 0.08 * insecure
            pop.anxiety[i] = pop.anxiety_base[i]
            pop.mood[i] = 0.05 + 0.3 * u(1, i, 4)
            pop.loneliness[i] = 0.05 + 0.4 * u(1, i, 5)
            pop.skills[i] = 0.4 + 0.4 * u(1, i, 6) - 0.05 * insecure
            pop.overprotection[i] = 0.6 * u(1, i, 7)
            pop.control[i] = 0.6 * u(1, i, 8)
            pop.stress[i], pop.online[i] = 0.0, p["online_base"]
            pop.run[i], pop.since_episode[i], pop.reengage[i], pop.setting[i] = 0, -1, 0, 1
            pop.ties[i, :] = 96
        elif age == 18 * 52 and pop.setting[i] == 1:
            v = u(1, i, 9)
            pop.setting[i] = (1 if v < p["share_in_education_18_23"]
                              else 0 if v > 1 - p["share_without_work"] else 2)
        elif age == 24 * 52 and pop.setting[i] == 1:
            pop.setting[i] = 0 if u(1, i, 10) < p["share_without_work"] else 2
        pop.age_weeks[i] = age
        # 2. stress
        sk = float(pop.skills[i])
        rate = (p["stress_event_rate"] * p["societal_pressure"] * (1 + float(pop.control[i]))
                + (pop.setting[i] == 1) * p["bullying_extra_rate"] * (1 - sk))
        st = float(pop.stress[i]) * p["stress_decay"] + (
            p["stress_event_size"] if u(2, i) < rate else 0.0)
        st = min(1.0, max(0.0, st))
        # 3. going out
        w = pop.ties[i].astype(np.float64) / 255
        flags = pop.shared[pop.friends[i]].astype(np.int64)
        pull = float((w * (flags & 7) / 7).sum() / w.sum()) if w.sum() > 0 else 0.0
        friend_lonely = (float((w * pop.shared_loneliness[pop.friends[i]]).sum() / w.sum())
                         if w.sum() > 0 else 0.0)
        good = int(((flags >> 3) & 1).sum())
        anx, md, onl = float(pop.anxiety[i]), float(pop.mood[i]), float(pop.online[i])
        x = (p["out_intercept"] + p["out_enrolled"] * (pop.setting[i] != 0)
             - p["out_anxiety"] * anx - p["out_stress"] * st - p["out_mood"] * md
             - p["out_online"] * onl + p["out_friend_pull"] * pull
             - p["out_overprotection"] * float(pop.overprotection[i]) + p["out_skills"] * sk)
        if pop.reengage[i] > 0:
            x += p["reengage_boost"]
            pop.reengage[i] -= 1
        prob = 1 / (1 + math.exp(-min(16.0, max(-16.0, x))))
        days = _days_by_exact_inversion(prob, u(3, i))
        withdrawn = days <= 3
        # 4. avoidance
        if withdrawn:
            st *= p["relief"]
            anx += p["sensitisation"] * (1 - anx)
        else:
            anx -= p["habituation"] * days / 7 * (anx - float(pop.anxiety_base[i]))
        anx = min(1.0, max(0.0, anx))
        # 5. technology
        lon = float(pop.loneliness[i])
        target = p["online_base"] + p["online_home"] * (7 - days) / 7 + p["online_lonely"] * lon
        onl = min(16.0, max(0.0, onl + p["online_adjust"] * (max(0.0, target) - onl)))
        sleep = min(1.0, max(0.0, (onl - p["sleep_threshold_hours"]) / 4))
        # 6. ties and loneliness
        insecure = 0.0 if pop.attachment[i] == 0 else 1.0
        form = p["tie_formation"] * sk * (0.6 if insecure else 1.0)
        strength = 0.0
        for m in range(nf):
            t = float(pop.ties[i, m])
            if days > 0 and flags[m] & 7 > 0:
                t += p["tie_growth"] * (255 - t)
            else:
                t -= p["tie_decay"] * t
            if t < 32 and days > 0 and u(4, i, m) < form:
                offset = 1 + int(u(4, i, m + nf) * 400)
                if u(4, i, m + 2 * nf) < 0.5:
                    offset = -offset
                j = (i + offset) % n
                if j != i:
                    pop.friends[i, m] = j
                    t = 64.0
            pop.ties[i, m] = int(min(255.0, max(0.0, t)))
            strength += t / 255 / nf
        lon_target = 1 / (1 + math.exp(-(p["lonely_intercept"] - p["lonely_contacts"] * math.log1p(days)
                                         - p["lonely_ties"] * strength + p["lonely_anxiety"] * anx
                                         + p["lonely_attachment"] * insecure)))
        lon_target += p["lonely_contagion"] * (friend_lonely - lon)
        lon = min(1.0, max(0.0, lon + p["state_adjust"] * (lon_target - lon)))
        # 7. mood
        md_target = 1 / (1 + math.exp(-(p["mood_intercept"] + p["mood_lonely"] * lon
                                        + p["mood_stress"] * st + p["mood_sleep"] * sleep)))
        change = p["state_adjust"] * (md_target - md)
        if change > 0 and good >= 5:
            change *= p["mood_healthy_friends"]
        md = min(1.0, max(0.0, md + change))
        # 8. development
        sk = sk - p["skill_decay"] * sk if withdrawn else sk + p["skill_growth"] * (1 - sk)
        sk = min(1.0, max(0.0, sk))
        # 9. recovery
        r = int(pop.run[i])
        if withdrawn and r > 0:
            hazard = weekly[int(pop.chronic[i])] * (p["hysteresis"] if r >= 26 else 1.0)
            if u(5, i) < hazard:
                pop.reengage[i] = int(p["reengage_weeks"])
        # 10. bookkeeping
        since = int(pop.since_episode[i])
        if withdrawn:
            r, since = r + 1, -1
        else:
            since = 0 if r >= 13 else since
            r = 0
        if since >= 0:
            since = since + 1 if since + 1 <= 26 else -1
        stage = 3 if r >= 26 else 2 if r >= 13 else 1 if r >= 1 else 4 if since >= 0 else 0
        tally[stage, min(N_BANDS - 1, (age - AGE_MIN_WEEKS) // 260), pop.sex[i]] += 1
        pop.run[i], pop.since_episode[i] = r, since
        pop.anxiety[i], pop.stress[i], pop.online[i] = anx, st, onl
        pop.loneliness[i], pop.mood[i], pop.skills[i] = lon, md, sk
        shared_next[i] = days | (8 if md < 0.5 else 0)
        lonely_next[i] = lon
    return {"tally": tally, "shared": shared_next, "shared_loneliness": lonely_next}


def _kernel_week(pop: Population, P: npt.NDArray[np.float64], chunks: int) -> dict[str, Any]:
    table = compile_interventions([], WEEK + 1, P[INDEX["sd_state"]], offset=0)
    hist = np.zeros((chunks, 5, N_BANDS, 2), dtype=np.int32)
    sums = np.zeros((chunks, kernel.N_MEANS))
    shared_next = np.zeros_like(pop.shared)
    lonely_next = np.zeros_like(pop.shared_loneliness)
    kernel.step_week(
        WEEK, SEED, P, AGE_MIN_WEEKS, AGE_END_WEEKS, N_BANDS, pop.age_weeks, pop.sex,
        pop.attachment, pop.chronic, pop.setting, pop.overprotection, pop.control,
        pop.anxiety_base, pop.anxiety, pop.mood, pop.loneliness, pop.stress, pop.skills,
        pop.online, pop.run, pop.since_episode, pop.reengage, pop.shared, pop.shared_loneliness,
        shared_next, lonely_next, pop.friends.T, pop.ties.T, table.stream, table.eligible,
        table.start_week, table.end_week, table.take_part, table.duration,
        np.zeros(0, dtype=np.int8), table.magnitude, np.zeros((0, pop.size), dtype=np.int16),
        hist, sums, np.zeros((chunks, 0), dtype=np.int64), np.zeros((chunks, 0), dtype=np.int64),
    )
    return {"tally": hist.sum(axis=0), "sums": sums.sum(axis=0), "shared": shared_next,
            "shared_loneliness": lonely_next}


@pytest.fixture(scope="module")
def one_week() -> Week:
    # Yearly exit chances raised (weekly about 0.04 and 0.02) so that this one week has
    # recoveries among the 60 withdrawn agents; both sides get the same parameters.
    P = parameter_vector({"exit_fast": 0.9, "exit_chronic": 0.6})
    start = _start()
    ref, fast = _copy(start), _copy(start)
    return ref, fast, _reference_week(ref, P), _kernel_week(fast, P, chunks=3)


def test_the_start_state_reaches_the_rare_paths(one_week: Week) -> None:
    ref, _, out, _ = one_week
    start = _start()
    assert (ref.age_weeks[:10] == AGE_MIN_WEEKS).all()  # entrants
    assert (ref.setting[10:20] != 1).any()  # birthdays at 18 ...
    assert (ref.setting[20:30] != 1).any()  # ... and at 24
    assert (ref.friends != start.friends).sum() > 0  # replaced weak ties
    assert (ref.reengage[30:90] == 8).any()  # someone re-engaged (a recovery draw)
    assert out["tally"][3].sum() > 0  # hikikomori
    assert out["tally"][4].sum() > 0  # recovering


def test_one_week_matches_the_plain_reference(one_week: Week) -> None:
    ref, fast, ref_out, fast_out = one_week
    for name in ("age_weeks", "sex", "attachment", "chronic", "setting", "run", "since_episode",
                 "reengage", "friends", "ties"):
        assert np.array_equal(getattr(ref, name), getattr(fast, name)), name
    assert np.array_equal(ref_out["shared"], fast_out["shared"])  # days out and good mood
    assert np.array_equal(ref_out["tally"], fast_out["tally"])
    # float32 arithmetic and the polynomial logistic function against float64 and math.exp
    for name in ("anxiety_base", "anxiety", "mood", "loneliness", "stress", "skills"):
        assert np.abs(getattr(ref, name) - getattr(fast, name)).max() < 2e-6, name
    assert np.abs(ref.online - fast.online).max() < 2e-5  # hours, 0-16
    assert np.abs(ref_out["shared_loneliness"] - fast_out["shared_loneliness"]).max() < 2e-6


def test_the_weekly_means_are_the_sums_of_the_state(one_week: Week) -> None:
    _, fast, _, out = one_week
    state = [fast.loneliness, fast.online, fast.skills, fast.anxiety, fast.mood, fast.stress]
    for total, values in zip(out["sums"], state, strict=True):
        assert total == pytest.approx(float(values.astype(np.float64).sum()), rel=1e-6)


def test_chunks_and_tiles_do_not_change_the_week() -> None:
    # 1 chunk of 600 (tiles of 128 and a tail of 88) against 7 chunks of 86 (one short tile each):
    # an agent's result must not depend on where it falls in a tile (SIMD body or the compiler's
    # scalar remainder loop), to the last bit. The weekly sums are added in another order, so
    # they agree to rounding.
    P = parameter_vector()
    one, seven = _copy(_start()), _copy(_start())
    a, b = _kernel_week(one, P, chunks=1), _kernel_week(seven, P, chunks=7)
    for name, value in vars(one).items():
        assert np.array_equal(value, getattr(seven, name)), name
    assert np.array_equal(a["shared"], b["shared"])
    assert np.array_equal(a["shared_loneliness"], b["shared_loneliness"])
    assert np.array_equal(a["tally"], b["tally"])
    assert np.allclose(a["sums"], b["sums"], rtol=1e-12)


def test_the_compiler_may_not_reorder_floating_point_arithmetic() -> None:
    # Reassociation or approximate division let the last bits depend on how the kernel was
    # compiled (in-process or from numba's cache), so one seed could give two different runs.
    options = kernel.step_week.targetoptions["fastmath"]
    assert options == kernel.FASTMATH
    assert not {"reassoc", "arcp", "afn", "fast"} & set(options)


def test_a_row_major_population_is_converted_not_miscomputed() -> None:
    # The kernel wants friends and ties slot-major; the stepper converts a population built
    # row-major (as an older caller would) once, with the same result.
    P = parameter_vector()
    table = compile_interventions([], 4, P[INDEX["sd_state"]], offset=0)
    column = build_population(500, "nl", AGE_MIN, AGE_MAX, P, 2)
    row = _copy(column)
    row.friends, row.ties = np.ascontiguousarray(row.friends), np.ascontiguousarray(row.ties)
    assert column.friends.flags.f_contiguous
    assert row.friends.flags.c_contiguous
    steppers = [WeekStepper(pop, P, table, 1, AGE_MIN, AGE_MAX) for pop in (column, row)]
    for week in range(4):
        for stepper in steppers:
            stepper.step(week)
    assert row.friends.flags.f_contiguous
    for name, value in vars(column).items():
        assert np.array_equal(value, getattr(row, name)), name
