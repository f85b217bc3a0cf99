"""Small-cell suppression: hand-made tables with hand-computed results, the attacks it must stop,
and property tests checked by two oracles that do not use the module's network model:

* *linear*: the published sums as a matrix; a hidden figure is recoverable by subtraction iff its
  unit vector lies in the row space of the hidden part (numpy rank);
* *witness*: an attacker who enumerates every table of whole numbers that agrees with everything
  shown (shown figures, sums, "<10" means 0-9, "x" means 10 or more); each hidden figure must take
  at least two values among them.
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samen.web.dashboard.suppression import (
    K_MIN,
    TOTAL,
    Arc,
    Figure,
    Status,
    Tables,
    exposed,
    protect,
)


def texts(figures: Sequence[Figure]) -> list[str]:
    return [figure.text for figure in figures]


def cross_texts(tables: Tables, name: str) -> tuple[list[list[str]], list[str], list[str], str]:
    table = tables.protect().cross(name)
    return ([texts(row) for row in table.cells], texts(table.row_totals),
            texts(table.column_totals), table.total.text)


# --- hand-made tables -----------------------------------------------------------------------


def test_k_is_ten_as_in_the_evidence() -> None:
    assert K_MIN == 10


def test_nothing_small_shows_everything() -> None:
    tables = Tables()
    tables.one_way("stage", [12, 30, 10])
    table = tables.protect().one_way("stage")
    assert texts(table.cells) == ["12", "30", "10"]
    assert table.total.text == "52"
    assert [figure.value for figure in table.cells] == [12, 30, 10]


def test_one_small_cell_takes_the_next_smallest_with_it() -> None:
    # 55 - 40 = 15 would give 12 + 3 together; each stays open: 3 in 0..5, 12 in 10..15.
    tables = Tables()
    tables.one_way("stage", [12, 3, 40])
    table = tables.protect().one_way("stage")
    assert texts(table.cells) == ["x", "<10", "40"]
    assert table.total.text == "55"


def test_hidden_figures_carry_no_value() -> None:
    tables = Tables()
    tables.one_way("stage", [12, 3, 40])
    table = tables.protect().one_way("stage")
    assert [figure.value for figure in table.cells] == [None, None, 40]
    assert [figure.status for figure in table.cells] == [
        Status.PROTECTING, Status.SMALL, Status.SHOWN]


def test_a_total_below_k_is_hidden_too() -> None:
    tables = Tables()
    tables.one_way("stage", [2, 3, 1])
    table = tables.protect().one_way("stage")
    assert texts(table.cells) == ["<10", "<10", "<10"]
    assert table.total.text == "<10"


def test_zero_is_hidden_like_any_small_count() -> None:
    # 0 and 0 hidden, 15 shown, total 15 would say both are 0: 15 is hidden too ("x": 10 or
    # more), which leaves each small cell 0..5.
    tables = Tables()
    tables.one_way("stage", [0, 0, 15])
    table = tables.protect().one_way("stage")
    assert texts(table.cells) == ["<10", "<10", "x"]
    assert table.total.text == "15"


def test_two_small_cells_that_must_both_be_nine_are_protected() -> None:
    # Hiding only the 9s would leave 48 - 30 = 18 = 9 + 9 with each "<10", so both 9.
    tables = Tables()
    tables.one_way("stage", [9, 9, 30])
    table = tables.protect().one_way("stage")
    assert texts(table.cells) == ["<10", "<10", "x"]
    assert table.total.text == "48"


CROSS = [[20, 4, 11], [30, 15, 12], [25, 14, 16]]


def test_the_subtraction_attack_on_a_cross_table_fails() -> None:
    """Primary suppression alone hides only the 4: row 0 gives 35 - 20 - 11 = 4. The protection
    hides 11, 14 and 16 too (worked by hand: 11 alone leaves column 2 with one hidden cell, no
    single figure closes a cycle, then 14 beside the 4, then 16 closes the cycle 4-11-16-14)."""
    tables = Tables()
    tables.cross("d", CROSS)
    cells, rows, columns, total = cross_texts(tables, "d")
    assert cells == [["20", "<10", "x"], ["30", "15", "12"], ["25", "x", "x"]]
    assert rows == ["35", "57", "55"]
    assert columns == ["75", "33", "39"]
    assert total == "147"
    # The attack: any row or column with one hidden cell gives that cell by subtraction.
    for line in [*cells, *map(list, zip(*cells, strict=True))]:
        assert sum(1 for text in line if not text.isdigit()) in (0, 2)


def test_the_protected_cross_table_leaves_the_small_cell_a_range() -> None:
    """By hand, with t the hidden 4: row 0 gives the 11 as 15 - t, column 1 the 14 as 18 - t, row
    2 the 16 as 12 + t; "x" means at least 10, so t <= 5 and t <= 8; "<10" means 0 <= t <= 9.
    Every t in 0..5 fits what is shown, so the 4 is one of six values."""
    shown_rows, shown_cols = [35, 57, 55], [75, 33, 39]
    fits = []
    for t in range(10):
        table = [[20, t, 15 - t], [30, 15, 12], [25, 18 - t, 12 + t]]
        if min(table[0][2], table[2][1], table[2][2]) < K_MIN:
            continue
        if [sum(r) for r in table] == shown_rows and \
                [sum(c) for c in zip(*table, strict=True)] == shown_cols:
            fits.append(t)
    assert fits == [0, 1, 2, 3, 4, 5]


def test_exposed_finds_the_cell_primary_suppression_leaves_open() -> None:
    tables = Tables()
    tables.cross("d", CROSS)
    arcs = tables.arcs()
    status = {arc.key: Status.SMALL if arc.value < K_MIN else Status.SHOWN for arc in arcs}
    assert exposed(arcs, status) == [("d", 0, 1)]
    status[("d", 0, 2)] = Status.PROTECTING  # 11 too: then column 2 gives the 11, and so the 4
    assert exposed(arcs, status) == [("d", 0, 1), ("d", 0, 2)]


def test_a_chain_of_subtractions_across_two_blocks_is_caught() -> None:
    """Two blocks of hidden cells (rows 0-1 x columns 0-1 and rows 2-3 x columns 2-3) joined by
    one hidden cell (1, 2): every row and column has two hidden cells or more, yet rows 0+1 minus
    columns 0+1 gives that cell. It must be reported as exposed."""
    counts = [[3, 4, 50, 60], [5, 20, 6, 70], [40, 50, 2, 7], [60, 70, 8, 9]]
    tables = Tables()
    tables.cross("d", counts)
    arcs = tables.arcs()
    hidden = {("d", 0, 0), ("d", 0, 1), ("d", 1, 0), ("d", 1, 1), ("d", 1, 2),
              ("d", 2, 2), ("d", 2, 3), ("d", 3, 2), ("d", 3, 3)}
    # 20 in (1, 1) is not small; mark it protecting, the rest as the rules would.
    status = {arc.key: (Status.SMALL if arc.value < K_MIN else Status.PROTECTING)
              if arc.key in hidden else Status.SHOWN for arc in arcs}
    for line in range(4):  # every row and column holds two or three hidden cells
        assert 2 <= sum((("d", line, j) in hidden) for j in range(4)) <= 3
        assert 2 <= sum((("d", i, line) in hidden) for i in range(4)) <= 3
    assert ("d", 1, 2) in exposed(arcs, status)
    assert ("d", 1, 2) in linear_recoverable(*_cross_system(counts, status))


def test_age_bands_beside_districts_share_the_grand_total() -> None:
    tables = Tables()
    tables.cross("d", [[30, 20], [25, 40]])
    tables.split("age", [100, 10, 5], of="d")
    published = tables.protect()
    ages = published.one_way("age")
    assert texts(ages.cells) == ["100", "x", "<10"]
    assert ages.total is published.cross("d").total
    assert ages.total.text == "115"


def test_a_split_must_add_up_to_its_table() -> None:
    tables = Tables()
    tables.cross("d", [[30, 20]])
    with pytest.raises(ValueError, match="adds up to 49, but d has a total of 50"):
        tables.split("age", [40, 9], of="d")


def test_unbalanced_or_negative_figures_are_refused() -> None:
    with pytest.raises(ValueError, match="do not add up"):
        protect([Arc("a", "g", "n", 5), Arc("t", "n", "g", 6)])
    with pytest.raises(ValueError, match="cannot be negative"):
        protect([Arc("a", "g", "n", -1), Arc("t", "n", "g", -1)])
    tables = Tables()
    tables.one_way("a", [1])
    with pytest.raises(ValueError, match="already there"):
        tables.one_way("a", [2])


def test_figure_texts() -> None:
    assert Figure(12, Status.SHOWN).text == "12"
    assert Figure(None, Status.SMALL).text == "<10"
    assert Figure(None, Status.SMALL, k=5).text == "<5"
    assert Figure(None, Status.PROTECTING).text == "x"


# --- oracles ----------------------------------------------------------------------------------


def _cross_keys(rows: int, cols: int, name: str = "d") -> list[Hashable]:
    keys: list[Hashable] = [(name, i, j) for i in range(rows) for j in range(cols)]
    keys += [(name, i, TOTAL) for i in range(rows)]
    keys += [(name, TOTAL, j) for j in range(cols)]
    return [*keys, (name, TOTAL, TOTAL)]


def _cross_system(
    counts: list[list[int]], status: dict[Hashable, Status], split: Sequence[int] = (),
) -> tuple[list[Hashable], np.ndarray, list[Hashable]]:
    """Every published figure's key, the sums between them as a matrix (one row per sum, one
    column per key), and the hidden keys: written from the table's meaning, not from arcs."""
    rows, cols = len(counts), len(counts[0])
    keys = _cross_keys(rows, cols) + [("age", b) for b in range(len(split))]
    col = {key: n for n, key in enumerate(keys)}
    grand = ("d", TOTAL, TOTAL)
    equations = []

    def equation(parts: list[Hashable], total: Hashable) -> None:
        line = np.zeros(len(keys))
        for part in parts:
            line[col[part]] += 1
        line[col[total]] -= 1
        equations.append(line)

    for i in range(rows):
        equation([("d", i, j) for j in range(cols)], ("d", i, TOTAL))
    for j in range(cols):
        equation([("d", i, j) for i in range(rows)], ("d", TOTAL, j))
    equation([("d", i, TOTAL) for i in range(rows)], grand)
    equation([("d", TOTAL, j) for j in range(cols)], grand)
    if split:
        equation([("age", b) for b in range(len(split))], grand)
    hidden = [key for key in keys if status[key] is not Status.SHOWN]
    return keys, np.array(equations), hidden


def linear_recoverable(keys: list[Hashable], matrix: np.ndarray,
                       hidden: list[Hashable]) -> list[Hashable]:
    """Hidden figures that a sequence of additions and subtractions of shown figures gives."""
    columns = [keys.index(key) for key in hidden]
    if not columns:
        return []
    part = matrix[:, columns]
    rank = np.linalg.matrix_rank(part)
    found = []
    for n, key in enumerate(hidden):
        unit = np.zeros(len(columns))
        unit[n] = 1
        if np.linalg.matrix_rank(np.vstack([part, unit])) == rank:
            found.append(key)
    return found


def _values(counts: list[list[int]], split: Sequence[int]) -> dict[Hashable, int]:
    rows, cols = len(counts), len(counts[0])
    values: dict[Hashable, int] = {("d", i, j): counts[i][j] for i in range(rows)
                                   for j in range(cols)}
    values.update({("d", i, TOTAL): sum(counts[i]) for i in range(rows)})
    values.update({("d", TOTAL, j): sum(r[j] for r in counts) for j in range(cols)})
    values[("d", TOTAL, TOTAL)] = sum(map(sum, counts))
    values.update({("age", b): count for b, count in enumerate(split)})
    return values


def _allowed(key: Hashable, value: int, truth: dict[Hashable, int],
             status: dict[Hashable, Status]) -> bool:
    state = status[key]
    if state is Status.SHOWN:
        return value == truth[key]
    if state is Status.SMALL:
        return 0 <= value < K_MIN
    return value >= K_MIN


def witness_values(counts: list[list[int]], split: Sequence[int],
                   status: dict[Hashable, Status], reach: int = 1) -> dict[Hashable, set[int]]:
    """Every value each hidden figure takes among the whole-number tables that agree with what is
    shown and lie within ``reach`` of the true table, cell by cell (the attacker's search)."""
    rows, cols = len(counts), len(counts[0])
    truth = _values(counts, split)
    hidden_cells = [("d", i, j) for i in range(rows) for j in range(cols)
                    if status[("d", i, j)] is not Status.SHOWN]
    hidden_ages = [("age", b) for b in range(len(split)) if status[("age", b)] is not Status.SHOWN]

    def options(key: Hashable) -> range:
        return range(max(0, truth[key] - reach), truth[key] + reach + 1)

    seen: dict[Hashable, set[int]] = {key: set() for key in truth
                                      if status[key] is not Status.SHOWN}
    ages_by_total: dict[int, list[dict[Hashable, int]]] = {}
    for choice in itertools.product(*(options(key) for key in hidden_ages)):
        ages: dict[Hashable, int] = dict(zip(hidden_ages, choice, strict=True))
        if all(_allowed(key, value, truth, status) for key, value in ages.items()):
            total = sum(ages.get(("age", b), split[b]) for b in range(len(split)))
            ages_by_total.setdefault(total, []).append(ages)

    def fill(n: int, table: dict[Hashable, int]) -> None:
        if n < len(hidden_cells):
            key = hidden_cells[n]
            for value in options(key):
                if not _allowed(key, value, truth, status):
                    continue
                table[key] = value
                i = key[1]
                row_done = all(k[1] != i for k in hidden_cells[n + 1:])
                if row_done and not _allowed(
                        ("d", i, TOTAL), sum(table[("d", i, j)] for j in range(cols)), truth,
                        status):
                    continue
                fill(n + 1, table)
            table[hidden_cells[n]] = truth[hidden_cells[n]]
            return
        sums: dict[Hashable, int] = {
            ("d", i, TOTAL): sum(table[("d", i, j)] for j in range(cols)) for i in range(rows)}
        sums.update({("d", TOTAL, j): sum(table[("d", i, j)] for i in range(rows))
                     for j in range(cols)})
        grand = sum(sums[("d", i, TOTAL)] for i in range(rows))
        sums[("d", TOTAL, TOTAL)] = grand
        if not all(_allowed(key, value, truth, status) for key, value in sums.items()):
            return
        nothing: dict[Hashable, int] = {}
        agreeing = ages_by_total.get(grand, []) if split else [nothing]
        if not agreeing:
            return
        for found, value in {**table, **sums}.items():
            if found in seen:
                seen[found].add(value)
        for ages in agreeing:
            for found, value in ages.items():
                seen[found].add(value)

    fill(0, dict(truth))
    return seen


# --- property tests ---------------------------------------------------------------------------

small_or_not = st.one_of(st.integers(0, 12), st.integers(0, 45))


@st.composite
def cross_tables(draw: st.DrawFn, max_rows: int, max_cols: int) -> list[list[int]]:
    rows = draw(st.integers(1, max_rows))
    cols = draw(st.integers(1, max_cols))
    return [[draw(small_or_not) for _ in range(cols)] for _ in range(rows)]


@st.composite
def splits(draw: st.DrawFn, total: int, max_parts: int) -> list[int]:
    parts = draw(st.integers(1, max_parts))
    cuts = sorted(draw(st.lists(st.integers(0, total), min_size=parts - 1,
                                max_size=parts - 1)))
    bounds = [0, *cuts, total]
    return [bounds[n + 1] - bounds[n] for n in range(parts)]


def _protected(counts: list[list[int]], split: Sequence[int]) -> dict[Hashable, Status]:
    tables = Tables()
    tables.cross("d", counts)
    if split:
        tables.split("age", split, of="d")
    return {key: figure.status for key, figure in tables.protect().figures.items()}


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_no_hidden_figure_can_be_recovered_by_subtraction(data: st.DataObject) -> None:
    counts = data.draw(cross_tables(6, 5))
    split = data.draw(st.one_of(st.just([]), splits(sum(map(sum, counts)), 5)))
    status = _protected(counts, split)
    truth = _values(counts, split)
    for key, state in status.items():  # every small figure is hidden, nothing else unasked
        assert (truth[key] < K_MIN) == (state is Status.SMALL)
    assert linear_recoverable(*_cross_system(counts, status, split)) == []


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_every_hidden_figure_has_two_values_an_attacker_cannot_tell_apart(
        data: st.DataObject) -> None:
    counts = data.draw(cross_tables(3, 3))
    split = data.draw(st.one_of(st.just([]), splits(sum(map(sum, counts)), 3)))
    status = _protected(counts, split)
    for key, values in witness_values(counts, split, status).items():
        assert len(values) >= 2, (key, values)


@settings(max_examples=150, deadline=None)
@given(counts=st.lists(small_or_not, min_size=1, max_size=6))
def test_one_way_tables_are_protected(counts: list[int]) -> None:
    tables = Tables()
    tables.one_way("s", counts)
    table = tables.protect().one_way("s")
    figures = [*table.cells, table.total]
    values = [*counts, sum(counts)]
    hidden = [n for n, figure in enumerate(figures) if not figure.shown]
    assert all((v < K_MIN) == (f.status is Status.SMALL) for v, f in zip(values, figures,
                                                                          strict=True))
    # One sum: categories = total. Hidden figures must number 0 or at least 2, and the bounds
    # must leave each of them room (checked by trying +1/-1 on it and -1/+1 on another).
    assert len(hidden) != 1
    for n in hidden:
        moved = False
        for m in hidden:
            if m == n:
                continue
            for step in (1, -1):
                trial = list(values)
                trial[n] += step
                # same side of the sum: the other moves the opposite way; total side: same way
                same_side = (n == len(values) - 1) == (m == len(values) - 1)
                trial[m] += -step if same_side else step
                if all(_fits(figures[x], trial[x]) for x in hidden):
                    moved = True
        assert moved, (counts, n)


def _fits(figure: Figure, value: int) -> bool:
    if figure.status is Status.SMALL:
        return 0 <= value < K_MIN
    return value >= K_MIN


def test_the_witness_oracle_catches_a_leak() -> None:
    """The oracle itself must be able to fail: primary suppression alone leaves the 4 one value."""
    tables = Tables()
    tables.cross("d", CROSS)
    status = {arc.key: Status.SMALL if arc.value < K_MIN else Status.SHOWN
              for arc in tables.arcs()}
    assert witness_values(CROSS, [], status)[("d", 0, 1)] == {4}
    assert linear_recoverable(*_cross_system(CROSS, status)) == [("d", 0, 1)]
