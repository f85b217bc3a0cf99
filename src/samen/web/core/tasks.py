"""Tasks of the core app."""

from __future__ import annotations

from django_tasks import task


@task()
def ping(value: int) -> int:
    """Double ``value``: lets operators and tests check that the worker runs (`samen serve`)."""
    return value * 2
