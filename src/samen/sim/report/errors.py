"""Typed errors for runs that cannot be reported together.

Each message names the run (scenario and seed) or the argument and says what is wrong, so the CLI
can show it as is.
"""

from __future__ import annotations

from samen.errors import SamenInputError


class ReportInputError(SamenInputError):
    """Runs handed to :func:`samen.sim.report.write_outputs` that cannot be reported."""

    code = "invalid_runs"


class NoRunsError(ReportInputError):
    code = "no_runs"


class MalformedRunError(ReportInputError):
    """One run whose arrays do not match its own weeks, stages, age bands or sexes."""

    code = "malformed_run"


class MixedRunsError(ReportInputError):
    """Runs that are not members of one ensemble (other scenario, shape or duplicate seed)."""

    code = "mixed_runs"


class SeedMismatchError(ReportInputError):
    """Baseline or attribution runs whose seeds differ from the scenario's (no common numbers)."""

    code = "seed_mismatch"


class UnknownAttributionError(ReportInputError):
    """An attribution key that names no intervention of the scenario runs."""

    code = "unknown_attribution"
