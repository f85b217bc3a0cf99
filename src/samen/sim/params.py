"""Model parameters as one float64 vector the compiled kernel indexes by name.

Values come from ``samen.evidence.simulation`` (each with its source or marked an assumption); a
scenario may override any of them by id for sensitivity analysis.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from samen.errors import SamenInputError
from samen.evidence.simulation import load_sim_parameters

NAMES: tuple[str, ...] = tuple(p.id for p in load_sim_parameters())
INDEX: dict[str, int] = {name: k for k, name in enumerate(NAMES)}


def known_parameter_ids() -> frozenset[str]:
    """Ids a scenario may override in its ``[parameters]`` table."""
    return frozenset(NAMES)


def parameter_vector(overrides: Mapping[str, float] | None = None) -> npt.NDArray[np.float64]:
    """The evidence values with ``overrides`` applied, in ``NAMES`` order."""
    values = np.array([p.value for p in load_sim_parameters()], dtype=np.float64)
    for name, value in (overrides or {}).items():
        if name not in INDEX:
            raise SamenInputError(f"unknown simulation parameter {name!r}")
        values[INDEX[name]] = float(value)
    return values


def as_dict(vector: npt.NDArray[np.float64]) -> dict[str, float]:
    return {name: float(vector[k]) for k, name in enumerate(NAMES)}
