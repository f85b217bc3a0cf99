"""Home pages are built from panels that each app contributes.

An app that has something for a role's home page defines ``samen.web.<app>.panels.home_panels``::

    def home_panels(request: HttpRequest, roles: frozenset[Role]) -> list[Panel]: ...

The home view asks every app in :data:`PANEL_APPS`, in that order, and renders the panels it gets.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from samen.web.accounts.roles import Role

PANEL_APPS = (
    "alerts", "youth", "monitoring", "screening", "careplans", "dashboard", "accounts", "audit",
)


@dataclass
class Panel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


def collect_panels(request: HttpRequest, roles: frozenset[Role]) -> list[Panel]:
    panels: list[Panel] = []
    for app in PANEL_APPS:
        try:
            module = importlib.import_module(f"samen.web.{app}.panels")
        except ModuleNotFoundError as exc:
            if exc.name != f"samen.web.{app}.panels":
                raise
            continue
        panels.extend(module.home_panels(request, roles))
    return sorted(panels, key=lambda panel: panel.order)
