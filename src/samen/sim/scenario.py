"""Simulation scenarios: a TOML file in, a validated frozen :class:`Scenario` out.

The file format is documented in ``docs/scenarios.md``. Every rejected file raises
:class:`ScenarioError` with the file, the dotted key (``interventions[1].coverage``; arrays of
tables count from 1, as in the evidence loader) and the problem. The checks are written out by
hand rather than left to pydantic so that each message says, in the file's own terms, what is wrong.

Which intervention and parameter ids exist is the engine's knowledge
(``samen.sim.interventions`` and ``samen.sim.params``); those modules are imported only when a
file is checked, so this module stays importable on its own.
"""

from __future__ import annotations

import difflib
import math
import re
import tomllib
from pathlib import Path
from typing import Any, Literal, NoReturn

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from samen.errors import SamenInputError
from samen.text import LocalizedText

SCENARIO_DIR = Path(__file__).parent / "scenarios"
PRESETS: tuple[str, ...] = ("nl", "jp")
MIN_AGENTS, MAX_AGENTS = 100, 50_000_000
MAX_YEARS = 100.0
MAX_AGE = 100
MAX_SEED = 2**63 - 1  # fits the signed 64-bit integers TOML allows
NAME_PATTERN = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"

_TOP_KEYS = ("name", "title", "description", "population", "run", "parameters", "interventions")
_POPULATION_KEYS = ("preset", "agents", "age_min", "age_max")
_RUN_KEYS = ("years", "seed")
_INTERVENTION_KEYS = ("id", "coverage", "uptake", "start_year", "end_year")


class ScenarioError(SamenInputError):
    """A scenario file (or name) was rejected; the message names the file, the key and the problem."""

    code = "invalid_scenario"

    def __init__(self, origin: str, key: str | None, problem: str) -> None:
        self.origin, self.key, self.problem = origin, key, problem
        super().__init__(f"{origin}: {key}: {problem}" if key else f"{origin}: {problem}")

    def __reduce__(self) -> tuple[type[ScenarioError], tuple[str, str | None, str]]:
        # Keep the three fields when pickled (ensemble workers send errors back).
        return (type(self), (self.origin, self.key, self.problem))


class InterventionUse(BaseModel):
    """One catalogue intervention switched on in a scenario, with its reach and timing."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1)
    coverage: float = Field(ge=0.0, le=1.0, allow_inf_nan=False)
    """Share of the eligible (by the intervention's target group) who are offered it."""
    uptake: float = Field(ge=0.0, le=1.0, allow_inf_nan=False)
    """Share of those offered who take part."""
    start_year: float = Field(default=0.0, ge=0.0, allow_inf_nan=False)
    end_year: float | None = Field(default=None, allow_inf_nan=False)
    """``None``: runs until the end of the simulation."""

    @model_validator(mode="after")
    def _ends_after_start(self) -> InterventionUse:
        if self.end_year is not None and self.end_year <= self.start_year:
            raise ValueError(f"{self.id}: end_year must be greater than start_year")
        return self


class Scenario(BaseModel):
    """A named simulation set-up: population, run length, parameter overrides, interventions."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(pattern=NAME_PATTERN)
    title: LocalizedText
    description: LocalizedText
    preset: Literal["nl", "jp"] = "nl"
    agents: int = Field(default=20_000, ge=MIN_AGENTS, le=MAX_AGENTS)
    years: float = Field(default=10.0, gt=0.0, le=MAX_YEARS, allow_inf_nan=False)
    seed: int = Field(default=1, ge=0, le=MAX_SEED)
    age_min: int = Field(default=10, ge=0)
    age_max: int = Field(default=39, le=MAX_AGE)
    parameters: dict[str, float] = Field(default_factory=dict)
    interventions: tuple[InterventionUse, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Scenario:
        if self.age_min >= self.age_max:
            raise ValueError("age_min must be less than age_max")
        ids = [use.id for use in self.interventions]
        if len(set(ids)) != len(ids):
            raise ValueError("an intervention appears twice")
        for use in self.interventions:
            if use.start_year >= self.years or (use.end_year or 0.0) > self.years:
                raise ValueError(f"{use.id}: start_year/end_year outside the run's years")
        return self


def load_scenario(name_or_path: str | Path) -> Scenario:
    """Load a shipped scenario by bare name (``"wij"``) or any scenario file by path."""
    if isinstance(name_or_path, str) and _is_bare_name(name_or_path):
        path = SCENARIO_DIR / f"{name_or_path}.toml"
        if not path.is_file():
            shipped = ", ".join(shipped_scenario_names())
            problem = f"no shipped scenario of that name; shipped: {shipped} (or give a path to a .toml file)"
            raise ScenarioError(repr(name_or_path), None, problem)
        scenario = read_scenario(path, origin=path.name)
        if scenario.name != name_or_path:
            raise ScenarioError(path.name, "name", f"must equal the file name {name_or_path!r}")
        return scenario
    return read_scenario(Path(name_or_path))


def list_scenarios() -> list[Scenario]:
    """Every shipped scenario, sorted by name."""
    return [load_scenario(name) for name in shipped_scenario_names()]


def shipped_scenario_names() -> list[str]:
    """The names (file stems) of the shipped scenarios, sorted."""
    return sorted(path.stem for path in SCENARIO_DIR.glob("*.toml"))


def read_scenario(path: Path, *, origin: str | None = None) -> Scenario:
    """Read and validate one scenario file; ``origin`` is how messages name it (default: the path)."""
    origin = origin or str(path)
    if not path.exists():
        raise ScenarioError(origin, None, "file does not exist")
    if not path.is_file():
        raise ScenarioError(origin, None, "is not a file")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(origin, None, f"cannot be read: {exc}") from exc
    return parse_scenario(text, origin=origin)


def parse_scenario(text: str, *, origin: str = "<text>") -> Scenario:
    """Validate scenario TOML given as text (a file's contents, or a snippet in a test)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:  # its message ends with "(at line L, column C)"
        raise ScenarioError(origin, None, f"not valid TOML: {exc}") from exc
    fields = _FileChecker(origin).scenario_fields(data)
    try:
        return Scenario.model_validate(fields)
    except ValidationError as exc:  # the checker should have caught it first; never a traceback
        raise ScenarioError(origin, None, str(exc)) from exc


def _is_bare_name(value: str) -> bool:
    return "/" not in value and "\\" not in value and not value.endswith(".toml")


class _FileChecker:
    """Walks the parsed TOML of one file and returns the fields of a :class:`Scenario`."""

    def __init__(self, origin: str) -> None:
        self.origin = origin

    def fail(self, key: str, problem: str) -> NoReturn:
        raise ScenarioError(self.origin, key, problem)

    def scenario_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        top = self.table(data, "", _TOP_KEYS, required=("name", "title", "description"))
        name = self.string(top, "", "name")
        if not _matches_name_pattern(name):
            self.fail("name", f"must be lower-case letters and digits joined by '-' or '_' (like 'screen-balance'), got {name!r}")
        population = self.table(top.get("population", {}), "population", _POPULATION_KEYS)
        run = self.table(top.get("run", {}), "run", _RUN_KEYS)
        preset = self.string(population, "population", "preset", default="nl")
        if preset not in PRESETS:
            self.fail("population.preset", f"unknown preset {preset!r}; expected one of: {', '.join(PRESETS)}")
        agents = self.integer(population, "population", "agents", 20_000)
        if not MIN_AGENTS <= agents <= MAX_AGENTS:
            self.fail("population.agents", f"must be between {MIN_AGENTS:_} and {MAX_AGENTS:_}, got {agents:_}")
        age_min = self.integer(population, "population", "age_min", 10)
        if age_min < 0:
            self.fail("population.age_min", f"must be at least 0, got {age_min}")
        age_max = self.integer(population, "population", "age_max", 39)
        if not age_min < age_max <= MAX_AGE:
            self.fail("population.age_max", f"must be greater than population.age_min ({age_min}) and at most {MAX_AGE}, got {age_max}")
        years = self.number(run, "run", "years", 10.0)
        if not 0.0 < years <= MAX_YEARS:
            self.fail("run.years", f"must be greater than 0 and at most {MAX_YEARS:g}, got {years:g}")
        seed = self.integer(run, "run", "seed", 1)
        if not 0 <= seed <= MAX_SEED:
            self.fail("run.seed", f"must be between 0 and 2**63 - 1, got {seed}")
        return {
            "name": name,
            "title": self.text(top, "title"),
            "description": self.text(top, "description"),
            "preset": preset, "agents": agents, "age_min": age_min, "age_max": age_max,
            "years": years, "seed": seed,
            "parameters": self.parameters(top.get("parameters", {})),
            "interventions": self.interventions(top.get("interventions", []), years),
        }

    def parameters(self, value: object) -> dict[str, float]:
        table = self.table(value, "parameters", None)
        if not table:
            return {}
        from samen.sim.params import known_parameter_ids  # lazy: the engine owns the ids

        known = known_parameter_ids()
        for key in table:
            if key not in known:
                self.fail(f"parameters.{key}", f"unknown parameter id{_suggestion(key, known)}; docs/model.md lists the parameter ids")
        return {key: self.number(table, "parameters", key, None) for key in table}

    def interventions(self, value: object, years: float) -> tuple[dict[str, Any], ...]:
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.fail("interventions", f"must be an array of tables ([[interventions]]), got {_describe(value)}")
        if not value:
            return ()
        from samen.sim.interventions import supported_interventions  # lazy: the engine owns them

        supported = supported_interventions()
        first_use: dict[str, str] = {}
        uses: list[dict[str, Any]] = []
        for index, entry in enumerate(value, start=1):
            path = f"interventions[{index}]"
            self.table(entry, path, _INTERVENTION_KEYS, required=("id", "coverage", "uptake"))
            use_id = self.string(entry, path, "id")
            if use_id not in supported:
                self.fail(f"{path}.id", f"unknown intervention {use_id!r}; supported: {', '.join(sorted(supported))}")
            if use_id in first_use:
                self.fail(f"{path}.id", f"{use_id!r} already appears as {first_use[use_id]}; use each intervention once")
            first_use[use_id] = path
            uses.append({"id": use_id, **self.timing(entry, path, years)})
        return tuple(uses)

    def timing(self, entry: dict[str, Any], path: str, years: float) -> dict[str, Any]:
        shares = {key: self.number(entry, path, key, None) for key in ("coverage", "uptake")}
        for key, share in shares.items():
            if not 0.0 <= share <= 1.0:
                self.fail(f"{path}.{key}", f"must be between 0 and 1, got {share:g}")
        start = self.number(entry, path, "start_year", 0.0)
        if not 0.0 <= start < years:
            self.fail(f"{path}.start_year", f"must be at least 0 and less than run.years ({years:g}), got {start:g}")
        end = self.number(entry, path, "end_year", None) if "end_year" in entry else None
        if end is not None and not start < end <= years:
            self.fail(f"{path}.end_year", f"must be greater than start_year ({start:g}) and at most run.years ({years:g}), got {end:g}")
        return {**shares, "start_year": start, "end_year": end}

    def table(self, value: object, path: str, allowed: tuple[str, ...] | None, required: tuple[str, ...] = ()) -> dict[str, Any]:
        """``value`` must be a table with only ``allowed`` keys (any key when None) and ``required`` ones."""
        if not isinstance(value, dict):
            self.fail(path or "(file)", f"must be a table, got {_describe(value)}")
        for key in value:
            if allowed is not None and key not in allowed:
                self.fail(_join(path, key), f"unknown key{_suggestion(key, allowed)}; expected one of: {', '.join(allowed)}")
        for key in required:
            if key not in value:
                self.fail(_join(path, key), "missing; this key is required")
        return value

    def text(self, top: dict[str, Any], key: str) -> LocalizedText:
        table = self.table(top[key], key, ("nl", "en"), required=("nl", "en"))
        texts = {lang: self.string(table, key, lang) for lang in ("nl", "en")}
        for lang, text in texts.items():
            if not text.strip():
                self.fail(f"{key}.{lang}", "must not be empty")
        return LocalizedText(**texts)

    def string(self, table: dict[str, Any], path: str, key: str, default: str | None = None) -> str:
        value = table.get(key, default)
        if not isinstance(value, str):
            self.fail(_join(path, key), f"must be a string, got {_describe(value)}")
        return value

    def integer(self, table: dict[str, Any], path: str, key: str, default: int) -> int:
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(_join(path, key), f"must be an integer, got {_describe(value)}")
        return int(value)

    def number(self, table: dict[str, Any], path: str, key: str, default: float | None) -> float:
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(_join(path, key), f"must be a number, got {_describe(value)}")
        if not math.isfinite(value):
            self.fail(_join(path, key), f"must be a finite number, got {value}")
        return float(value)


def _matches_name_pattern(name: str) -> bool:
    return re.fullmatch(NAME_PATTERN, name) is not None


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _suggestion(key: str, choices: tuple[str, ...] | frozenset[str]) -> str:
    close = difflib.get_close_matches(key, sorted(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _describe(value: object) -> str:
    """How a rejected TOML value is named in a message: its TOML kind, and the value if short."""
    if value is None:
        return "nothing"
    kinds = {bool: "boolean", int: "integer", float: "float", str: "string", list: "array", dict: "table"}
    kind = kinds.get(type(value), "date/time")
    if isinstance(value, list | dict):
        return f"an {kind}" if kind == "array" else f"a {kind}"
    shown = str(value).lower() if isinstance(value, bool) else repr(value) if isinstance(value, str) else str(value)
    return f"the {kind} {shown}"
