"""Median and 90% interval across the runs of an ensemble.

The interval is the 5th to 95th percentile over runs with numpy's default ("linear", Hyndman and
Fan type 7) interpolation, so with 3 runs a < b < c the interval is a + 0.1 (b - a) to
b + 0.9 (c - b). It shows spread between seeds (stochastic noise), not parameter uncertainty.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

LOW_PERCENTILE = 5.0
HIGH_PERCENTILE = 95.0

FloatArray = npt.NDArray[np.float64]


def bands(values: npt.ArrayLike) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Median, low and high along axis 0 (runs) of ``values``."""
    data = np.asarray(values, dtype=np.float64)
    median, low, high = np.percentile(data, [50.0, LOW_PERCENTILE, HIGH_PERCENTILE], axis=0)
    return median, low, high


def interval(values: Iterable[float]) -> dict[str, float]:
    """``{"median", "low", "high"}`` of one number per run (``nan`` in gives ``nan`` out)."""
    median, low, high = bands(list(values))
    return {"median": float(median), "low": float(low), "high": float(high)}
