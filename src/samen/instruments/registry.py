"""Load instrument definitions from the package's data files."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from samen.instruments.errors import InstrumentDefinitionError, UnknownInstrumentError
from samen.instruments.model import Instrument


def load_instrument_file(path: Path) -> Instrument:
    """Read and validate one instrument TOML file; errors name the file and the key."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise InstrumentDefinitionError(f"{path.name}: not valid TOML: {exc}") from exc
    return instrument_from_dict(data, origin=path.name)


def instrument_from_dict(data: dict[str, object], origin: str) -> Instrument:
    """Validate a plain mapping as an instrument definition."""
    try:
        return Instrument.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(top level)'}: {err['msg']}"
            for err in exc.errors()
        )
        raise InstrumentDefinitionError(f"{origin}: {problems}") from exc


@cache
def _shipped() -> dict[str, Instrument]:
    folder = resources.files("samen.instruments").joinpath("data")
    found: dict[str, Instrument] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        instrument = load_instrument_file(Path(str(entry)))
        if instrument.id != entry.name.removesuffix(".toml"):
            raise InstrumentDefinitionError(
                f"{entry.name}: id {instrument.id!r} does not match the file name"
            )
        found[instrument.id] = instrument
    return found


def list_instruments() -> list[Instrument]:
    """Every shipped instrument, ordered by id."""
    return list(_shipped().values())


def get_instrument(instrument_id: str) -> Instrument:
    """The shipped instrument with this id, or :class:`UnknownInstrumentError`."""
    try:
        return _shipped()[instrument_id]
    except KeyError:
        raise UnknownInstrumentError(instrument_id, sorted(_shipped())) from None
