"""Read locust's CSV statistics, hold them against the targets, print and write the report."""

from __future__ import annotations

import csv
import os
import platform
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

TARGET_P95_MS = {"page": 300.0, "post": 300.0, "api": 150.0}
"""Issue 5 point 8: p95 under 300 ms for pages (a form POST counts as a page) and 150 ms for API
reads, with zero errors."""


@dataclass
class Route:
    name: str
    kind: str  # page, post or api: the first word of the request name
    requests: int
    failures: int
    median_ms: float
    p95_ms: float
    p99_ms: float
    mean_ms: float
    per_second: float

    @property
    def target_ms(self) -> float:
        return TARGET_P95_MS[self.kind]

    @property
    def meets_target(self) -> bool:
        return self.failures == 0 and self.p95_ms < self.target_ms


def read_stats(path: Path) -> tuple[list[Route], Route | None]:
    """The per-route rows and locust's ``Aggregated`` row of ``<prefix>_stats.csv``."""
    routes: list[Route] = []
    total = None
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            kind = row["Name"].split(" ", 1)[0]
            route = Route(
                name=row["Name"], kind=kind if kind in TARGET_P95_MS else "total",
                requests=int(row["Request Count"]), failures=int(row["Failure Count"]),
                median_ms=_number(row["50%"]), p95_ms=_number(row["95%"]),
                p99_ms=_number(row["99%"]), mean_ms=round(float(row["Average Response Time"]), 1),
                per_second=round(float(row["Requests/s"]), 2),
            )
            if row["Name"] == "Aggregated":
                total = route
            else:
                routes.append(route)
    return sorted(routes, key=lambda r: (r.kind, r.name)), total


def _number(text: str) -> float:
    return float(text) if text not in ("", "N/A") else float("nan")


def read_failures(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        return [dict(row) for row in csv.DictReader(handle)]


def machine() -> dict[str, Any]:
    """What the numbers were measured on: CPU model, cores, system, Python."""
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {"cpu": model or platform.processor(), "cores": os.cpu_count(),
            "system": f"{platform.system()} {platform.release()}",
            "python": platform.python_version()}


def summary(routes: list[Route], total: Route | None) -> dict[str, Any]:
    """The verdict: errors, and each route against its target."""
    failures = sum(r.failures for r in routes)
    missed = [r.name for r in routes if not r.meets_target]
    return {"requests": total.requests if total else sum(r.requests for r in routes),
            "failures": failures, "routes_missing_target": missed,
            "all_targets_met": failures == 0 and not missed}


def as_json(routes: list[Route], total: Route | None) -> list[dict[str, Any]]:
    rows = [asdict(r) | {"target_p95_ms": r.target_ms, "meets_target": r.meets_target}
            for r in routes]
    if total is not None:
        rows.append(asdict(total))
    return rows


def table(routes: list[Route], total: Route | None) -> str:
    """A Markdown table, as pasted into docs/benchmarks.md."""
    lines = ["| route | kind | requests | failures | median ms | p95 ms | p99 ms | target p95 |"
             " met |", "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for r in routes:
        lines.append(f"| {r.name} | {r.kind} | {r.requests} | {r.failures} | {r.median_ms:.0f} | "
                     f"{r.p95_ms:.0f} | {r.p99_ms:.0f} | < {r.target_ms:.0f} | "
                     f"{'yes' if r.meets_target else '**no**'} |")
    if total is not None:
        lines.append(f"| all | | {total.requests} | {total.failures} | {total.median_ms:.0f} | "
                     f"{total.p95_ms:.0f} | {total.p99_ms:.0f} | | |")
    return "\n".join(lines)
