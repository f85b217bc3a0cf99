"""What the Mesa and Starsim peers share with Samen: parameters, constants, the start population.

The peers read every coefficient from ``samen.sim.params`` (the values in ``samen.evidence``), the
withdrawal rule from ``samen.instruments.withdrawal``, and start from the very population Samen
builds (``samen.sim.population.build_population``), so that the benchmark compares the cost of
stepping the same model, not three different models or start states.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from samen.instruments.withdrawal import (
    HIKIKOMORI_WEEKS,
    MAX_DAYS_OUT_ISOLATED,
    PRE_HIKIKOMORI_WEEKS,
)
from samen.sim.params import INDEX, parameter_vector
from samen.sim.population import TIE_WINDOW as TIE_WINDOW
from samen.sim.population import build_population

PRESET, AGE_MIN, AGE_MAX = "nl", 10, 39
"""The baseline population: the nl preset, ages 10-39."""
WEEKS_PER_YEAR = 52
AGE_MIN_WEEKS = AGE_MIN * WEEKS_PER_YEAR
AGE_END_WEEKS = (AGE_MAX + 1) * WEEKS_PER_YEAR
WITHDRAWN_MAX_DAYS_OUT = MAX_DAYS_OUT_ISOLATED
PRE_WEEKS, HIK_WEEKS = PRE_HIKIKOMORI_WEEKS, HIKIKOMORI_WEEKS
RECOVERING_WEEKS = 26  # the same constant as samen.sim.kernel
RUN_CAP = 30_000  # the kernel caps the int16 run counter here
STAGES = ("none", "at_risk", "pre_hikikomori", "hikikomori", "recovering")
BINOMIAL_RATIO = (7.0, 3.0, 5.0 / 3.0, 1.0, 0.6, 1.0 / 3.0, 1.0 / 7.0)
"""(7 - k) / (k + 1): successive Binomial(7, p) probabilities, as in the kernel."""


def model_parameters() -> dict[str, float]:
    """Every simulation parameter by id, exactly the vector Samen's kernel gets."""
    vector = parameter_vector()
    return {name: float(vector[k]) for name, k in INDEX.items()}


def start_population(n: int, seed: int) -> dict[str, npt.NDArray[np.generic]]:
    """The arrays of Samen's start population (a temporary the peers copy into their own state)."""
    pop = build_population(n, PRESET, AGE_MIN, AGE_MAX, parameter_vector(), seed)
    return {name: value for name, value in vars(pop).items() if isinstance(value, np.ndarray)}


def weekly_exit_chances(p: dict[str, float]) -> tuple[float, float]:
    """Yearly re-engagement chances as weekly ones: 1 - (1 - p)^(1/52) (fast, chronic type)."""
    return (1.0 - (1.0 - p["exit_fast"]) ** (1.0 / 52.0),
            1.0 - (1.0 - p["exit_chronic"]) ** (1.0 / 52.0))


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def clip01(x: float) -> float:
    return min(1.0, max(0.0, x))


def days_out(p: float, u: float) -> int:
    """Binomial(7, p) by inversion with one uniform (the kernel's method, for one agent)."""
    p = min(1.0 - 1e-9, max(1e-9, p))
    odds = p / (1.0 - p)
    prob = (1.0 - p) ** 7
    cdf = prob
    k = 0
    while u > cdf and k < 7:
        prob *= BINOMIAL_RATIO[k] * odds
        k += 1
        cdf += prob
    return k


def days_out_array(p: npt.NDArray[np.floating], u: npt.NDArray[np.floating]) -> npt.NDArray[np.int8]:
    """Binomial(7, p) by inversion for whole arrays: days = how many CDF steps lie below u."""
    p = np.clip(p.astype(np.float64), 1e-9, 1.0 - 1e-9)
    odds = p / (1.0 - p)
    prob = (1.0 - p) ** 7
    cdf = prob.copy()
    days = np.zeros(p.shape[0], dtype=np.int8)
    for k in range(7):
        days += u > cdf
        prob *= BINOMIAL_RATIO[k] * odds
        cdf += prob
    return days


def stage_of(run: int, since: int) -> int:
    """Index into STAGES from consecutive withdrawn weeks and weeks since an episode ended."""
    if run >= HIK_WEEKS:
        return 3
    if run >= PRE_WEEKS:
        return 2
    if run >= 1:
        return 1
    return 4 if since >= 0 else 0
