"""Small-cell suppression for the policy dashboard: no published figure lets anyone work out a
small count, not directly and not by arithmetic with the totals.

Pure Python (no Django), so it can be tested on its own.

Why (``shared/evidence/platforms.md`` §3.5, *Privacy-preserving aggregate dashboards*): DHIS2
users hide small numbers by hand, CBS runs statistical disclosure control before it publishes,
and the recommended controls are (1) primary suppression of any cell with n < k, "k=10 is a
common conservative choice", (2) secondary suppression "so hidden cells cannot be recovered from
totals", (5) fixed filters against differencing and (8) logging every query. This module does (1)
and (2); the dashboard does (4), (5) and (8).

**Primary suppression.** Every figure below :data:`K_MIN` is hidden, totals included, zeros
included (so "<10" never tells whether anyone is there at all).

**Secondary suppression.** A table with its totals is a set of sums: each row of cells adds up
to its row total, each column to its column total, the totals to the grand total. Whoever reads
the table knows those sums, every shown figure, that counts are whole numbers of at least 0, that
a figure shown as "<10" is at most 9 and that a figure hidden to protect another ("x") is at least
10 (everything smaller would have been "<10"). From that they can bound every hidden figure. A
hidden figure is *exposed* when those bounds leave it one possible value: a row with exactly one
hidden cell (subtract the shown cells from the total), but also longer chains of subtractions
across rows and columns, and cases where the bounds pin a value (two hidden cells of a row that
must add up to 18 while each is at most 9). :func:`protect` hides, one at a time, the smallest
shown figure that takes away an exposure, until none is left. For a row or column with exactly one
hidden cell that is the next smallest cell of that row or column.

How exposure is found (exact, not a heuristic): the sums of a table with totals are the flow
conservation of a small network, in which every figure is the flow on one arc (column node to
row node for a cell, source to column for a column total, row to sink for a row total, sink back
to source for the grand total; a second breakdown of the same total, such as age bands beside
districts, is a second chain of arcs between sink and source). The tables consistent with what is
shown are the flows within the bounds; a hidden figure can change iff it lies on a directed cycle
of the residual network of the hidden arcs (an arc can carry more if below its upper bound and
less if above its lower bound). Network matrices are totally unimodular, so a change possible in
real numbers is possible in whole numbers too.

**No rounding.** Shown counts are published exactly. The evidence (§3.5, control 3) mentions
rounding to 5, marked as unchecked; we do not round because suppression with the exposure check
already keeps every small count hidden, rounded figures would no longer add up to their totals
(which users read as errors), and at municipal scale most cells are small enough that rounding
to 5 takes away much of what is left. Controlled rounding can be added on top later.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final

K_MIN: Final = 10
"""The smallest count shown: anything below is hidden (platforms.md §3.5: k=10, conservative)."""

TOTAL: Final = "total"
"""The index of a total in a figure's key, e.g. ``("stage", TOTAL)`` or ``("x", 2, TOTAL)``."""

PROTECTING_MARK: Final = "x"
"""How a figure hidden to protect a small one is written (on the page and in the export)."""


class Status(StrEnum):
    SHOWN = "shown"
    SMALL = "small"
    """Hidden because it is below k (primary suppression)."""
    PROTECTING = "protecting"
    """Hidden so that a small figure cannot be worked out from the totals (secondary)."""


@dataclass(frozen=True)
class Figure:
    """A published figure: the count when shown, nothing when hidden."""

    value: int | None
    status: Status
    k: int = K_MIN

    @property
    def shown(self) -> bool:
        return self.status is Status.SHOWN

    @property
    def text(self) -> str:
        """The figure as written: the count, ``<k`` for a small one, ``x`` for a protecting one."""
        if self.status is Status.SHOWN:
            return str(self.value)
        if self.status is Status.SMALL:
            return f"<{self.k}"
        return PROTECTING_MARK


@dataclass(frozen=True)
class Arc:
    """One figure as a flow: ``value`` people from ``tail`` to ``head`` of the table's network."""

    key: Hashable
    tail: Hashable
    head: Hashable
    value: int


def _bounds(status: Status, k: int, value: int) -> tuple[int, int | None]:
    """What a reader knows about a figure: (lowest, highest) possible value; None = no limit."""
    if status is Status.SMALL:
        return 0, k - 1
    if status is Status.PROTECTING:
        return k, None
    return value, value


def _reaches(edges: Mapping[Hashable, list[tuple[Hashable, int]]], start: Hashable,
             goal: Hashable, skip: int) -> bool:
    """Whether ``goal`` can be reached from ``start`` without using arc number ``skip``."""
    seen = {start}
    todo = [start]
    while todo:
        node = todo.pop()
        if node == goal:
            return True
        for nxt, arc in edges.get(node, ()):
            if arc != skip and nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return False


def exposed(arcs: Sequence[Arc], status: Mapping[Hashable, Status], k: int = K_MIN,
            only: Hashable | None = None) -> list[Hashable]:
    """The keys of hidden figures whose value follows from what is shown (in ``arcs`` order);
    with ``only``, just that figure's key if it is exposed."""
    residual: dict[Hashable, list[tuple[Hashable, int]]] = defaultdict(list)
    room: list[tuple[bool, bool]] = []  # (may grow, may shrink) per arc
    for number, arc in enumerate(arcs):
        state = status[arc.key]
        low, high = _bounds(state, k, arc.value)
        grow = state is not Status.SHOWN and (high is None or arc.value < high)
        shrink = state is not Status.SHOWN and arc.value > low
        if grow:
            residual[arc.tail].append((arc.head, number))
        if shrink:
            residual[arc.head].append((arc.tail, number))
        room.append((grow, shrink))
    found = []
    for number, arc in enumerate(arcs):
        if status[arc.key] is Status.SHOWN or (only is not None and arc.key != only):
            continue
        grow, shrink = room[number]
        can_grow = grow and _reaches(residual, arc.head, arc.tail, number)
        can_shrink = shrink and _reaches(residual, arc.tail, arc.head, number)
        if not (can_grow or can_shrink):
            found.append(arc.key)
    return found


def protect(arcs: Sequence[Arc], k: int = K_MIN) -> dict[Hashable, Figure]:
    """Primary and secondary suppression of the figures ``arcs`` (see the module text).

    Deterministic: among figures of equal value the one earlier in ``arcs`` is hidden first, so
    callers list cells before totals.
    """
    _check(arcs, k)
    status = {arc.key: Status.SMALL if arc.value < k else Status.SHOWN for arc in arcs}
    while True:
        bad = exposed(arcs, status, k)
        candidates = sorted(
            (arc for arc in arcs if status[arc.key] is Status.SHOWN),
            key=lambda arc: arc.value,
        )  # sorted() is stable: equal values keep the order of ``arcs``
        if not bad or not candidates:
            break
        target = bad[0]
        status[_choose(arcs, status, k, target, candidates).key] = Status.PROTECTING
    return {
        arc.key: Figure(arc.value if status[arc.key] is Status.SHOWN else None,
                        status[arc.key], k)
        for arc in arcs
    }


def _choose(arcs: Sequence[Arc], status: dict[Hashable, Status], k: int, target: Hashable,
            candidates: list[Arc]) -> Arc:
    """The smallest shown figure whose hiding protects ``target``; else the smallest one beside it."""
    for arc in candidates:
        trial = {**status, arc.key: Status.PROTECTING}
        if not exposed(arcs, trial, k, only=target):
            return arc
    ends = next({arc.tail, arc.head} for arc in arcs if arc.key == target)
    beside = [arc for arc in candidates if {arc.tail, arc.head} & ends]
    return (beside or candidates)[0]


def _check(arcs: Sequence[Arc], k: int) -> None:
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    keys = [arc.key for arc in arcs]
    if len(set(keys)) != len(keys):
        raise ValueError("every figure needs its own key")
    balance: dict[Hashable, int] = defaultdict(int)
    for arc in arcs:
        if arc.value < 0:
            raise ValueError(f"{arc.key!r}: counts cannot be negative, got {arc.value}")
        balance[arc.tail] -= arc.value
        balance[arc.head] += arc.value
    unbalanced = [node for node, rest in balance.items() if rest != 0]
    if unbalanced:
        raise ValueError(f"the totals do not add up at {unbalanced[0]!r}")


# --- Tables ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CrossTable:
    """A published two-way table: cells, row totals, column totals and the grand total."""

    cells: tuple[tuple[Figure, ...], ...]
    row_totals: tuple[Figure, ...]
    column_totals: tuple[Figure, ...]
    total: Figure


@dataclass(frozen=True)
class OneWayTable:
    """A published breakdown: one figure per category and the total."""

    cells: tuple[Figure, ...]
    total: Figure


@dataclass
class Tables:
    """Tables about one population, published together and protected together.

    A *cross* table publishes cells with row, column and grand totals; a *one-way* table a list of
    counts with their total; a *split* is another breakdown of an earlier table's grand total (age
    bands beside districts): it shares that total, so it is protected in the same network, and no
    figure it shows can undo a figure hidden in the other. Tables added without a split are
    independent (for example one per month).
    """

    _arcs: list[Arc] = field(default_factory=list)
    _grand: dict[str, tuple[Hashable, Hashable]] = field(default_factory=dict)
    _splits: dict[str, list[tuple[str, list[int]]]] = field(default_factory=dict)
    _totals: dict[str, int] = field(default_factory=dict)
    _shapes: dict[str, tuple[int, int] | int] = field(default_factory=dict)
    _base: dict[str, str] = field(default_factory=dict)

    def cross(self, name: str, counts: Sequence[Sequence[int]]) -> None:
        rows = [list(row) for row in counts]
        width = len(rows[0]) if rows else 0
        if not rows or width == 0 or any(len(row) != width for row in rows):
            raise ValueError(f"{name}: a cross table needs equal rows of at least one cell")
        self._new(name)
        source, sink = (name, "source"), (name, "sink")
        for i, row in enumerate(rows):
            for j, count in enumerate(row):
                self._arcs.append(Arc((name, i, j), (name, "column", j), (name, "row", i), count))
        for i, row in enumerate(rows):
            self._arcs.append(Arc((name, i, TOTAL), (name, "row", i), sink, sum(row)))
        for j in range(width):
            column = sum(row[j] for row in rows)
            self._arcs.append(Arc((name, TOTAL, j), source, (name, "column", j), column))
        self._grand[name] = (sink, source)
        self._totals[name] = sum(map(sum, rows))
        self._shapes[name] = (len(rows), width)

    def one_way(self, name: str, counts: Sequence[int]) -> None:
        if not counts:
            raise ValueError(f"{name}: a table needs at least one category")
        self._new(name)
        ground, node = (name, "ground"), (name, "node")
        for i, count in enumerate(counts):
            self._arcs.append(Arc((name, i), ground, node, count))
        self._grand[name] = (node, ground)
        self._totals[name] = sum(counts)
        self._shapes[name] = len(counts)

    def split(self, name: str, counts: Sequence[int], *, of: str) -> None:
        """Another breakdown of table ``of``'s grand total (the counts must add up to it)."""
        if of not in self._grand:
            raise ValueError(f"{name}: no table {of!r} to split")
        if not counts:
            raise ValueError(f"{name}: a table needs at least one category")
        if sum(counts) != self._totals[of]:
            raise ValueError(
                f"{name}: adds up to {sum(counts)}, but {of} has a total of {self._totals[of]}"
            )
        self._new(name)
        self._splits[of].append((name, list(counts)))
        self._shapes[name] = len(counts)
        self._base[name] = of

    def arcs(self) -> list[Arc]:
        """Every figure as an arc: cells first, then totals, then the splits' categories."""
        arcs = list(self._arcs)
        for base, (start, end) in self._grand.items():
            # The grand total flows from ``start`` through one stop per split to ``end``; each
            # split's categories carry it from its stop to the next.
            splits = self._splits[base]
            stops: list[Hashable] = [(base, "split", n) for n in range(len(splits))] + [end]
            arcs.append(Arc(self._grand_key(base), start, stops[0], self._totals[base]))
            for number, (name, counts) in enumerate(splits):
                arcs.extend(Arc((name, i), stops[number], stops[number + 1], count)
                            for i, count in enumerate(counts))
        return arcs

    def protect(self, k: int = K_MIN) -> Published:
        return Published(protect(self.arcs(), k), dict(self._shapes), dict(self._base))

    def _new(self, name: str) -> None:
        if name in self._shapes:
            raise ValueError(f"{name}: a table of that name is already there")
        self._splits[name] = []

    def _grand_key(self, name: str) -> Hashable:
        return (name, TOTAL, TOTAL) if isinstance(self._shapes[name], tuple) else (name, TOTAL)


@dataclass(frozen=True)
class Published:
    """What may be shown of :class:`Tables` after suppression, table by table."""

    figures: dict[Hashable, Figure]
    shapes: dict[str, tuple[int, int] | int]
    bases: dict[str, str]

    def cross(self, name: str) -> CrossTable:
        shape = self.shapes[name]
        if not isinstance(shape, tuple):
            raise ValueError(f"{name} is not a cross table")
        rows, width = shape
        f = self.figures
        return CrossTable(
            cells=tuple(tuple(f[(name, i, j)] for j in range(width)) for i in range(rows)),
            row_totals=tuple(f[(name, i, TOTAL)] for i in range(rows)),
            column_totals=tuple(f[(name, TOTAL, j)] for j in range(width)),
            total=f[(name, TOTAL, TOTAL)],
        )

    def one_way(self, name: str) -> OneWayTable:
        shape = self.shapes[name]
        if isinstance(shape, tuple):
            raise ValueError(f"{name} is a cross table")
        return OneWayTable(
            cells=tuple(self.figures[(name, i)] for i in range(shape)),
            total=self._total(self.bases.get(name, name)),
        )

    def _total(self, name: str) -> Figure:
        shape = self.shapes[name]
        key: Hashable = (name, TOTAL, TOTAL) if isinstance(shape, tuple) else (name, TOTAL)
        return self.figures[key]


def hidden_keys(figures: Mapping[Hashable, Figure]) -> Iterable[Hashable]:
    """The keys of every hidden figure (for tests and checks)."""
    return (key for key, figure in figures.items() if not figure.shown)
