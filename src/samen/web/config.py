"""Settings read from the environment through small helpers that fail loudly.

Only this module reads ``os.environ`` for the web platform; ``settings.py`` calls it.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

DEFAULT_DATA_DIR = Path.home() / ".local" / "share" / "samen"


def env_bool(name: str, default: bool) -> bool:
    """``True``/``False`` (any case) or empty for the default; anything else is a mistake."""
    raw = os.environ.get(name, "").strip().lower()
    if raw == "":
        return default
    if raw in {"true", "1", "yes"}:
        return True
    if raw in {"false", "0", "no"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    """A whole number, or empty for the default; anything else is a mistake."""
    raw = os.environ.get(name, "").strip()
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name, "").strip()
    return [part.strip() for part in raw.split(",") if part.strip()] if raw else default


def data_dir() -> Path:
    """The folder that holds the SQLite database, the secret key and uploads."""
    path = Path(os.environ.get("SAMEN_DATA_DIR") or DEFAULT_DATA_DIR).expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path


def secret_key(folder: Path) -> str:
    """``SAMEN_SECRET_KEY``, else a random key kept (mode 0600) in the data directory."""
    given = os.environ.get("SAMEN_SECRET_KEY", "").strip()
    if given:
        if len(given) < 40:
            raise ImproperlyConfigured("SAMEN_SECRET_KEY must be at least 40 characters long")
        return given
    key_file = folder / "secret_key"
    if not key_file.exists():
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


def field_keys(folder: Path) -> list[str]:
    """Keys that encrypt secrets stored in the database (TOTP secrets, recovery-code seeds).

    ``SAMEN_FIELD_KEYS``: comma-separated Fernet keys, the first encrypts and all decrypt (add a
    new key in front to rotate). Unset: one random key kept (mode 0600) in the data directory --
    beside an SQLite database file, so production sets the variable from its secret store and a
    copy of the database alone does not reveal the secrets.
    """
    from cryptography.fernet import Fernet

    given = env_list("SAMEN_FIELD_KEYS", [])
    for number, key in enumerate(given, start=1):
        try:
            Fernet(key)
        except ValueError:
            raise ImproperlyConfigured(
                f"SAMEN_FIELD_KEYS: key {number} is not a Fernet key (32 bytes, url-safe base64; "
                "make one with `python3 -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())'`)") from None
    if given:
        return given
    key_file = folder / "field_key"
    if not key_file.exists():
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(Fernet.generate_key().decode())
    return [key_file.read_text().strip()]


MIN_AUDIT_RETENTION_YEARS = 5
"""The Dutch minimum for keeping access logs (NEN 7513 with Stcrt. 2019-38007)."""


def audit_retention_years() -> int:
    """``SAMEN_AUDIT_RETENTION_YEARS`` (default and minimum 5): fewer years is refused."""
    years = env_int("SAMEN_AUDIT_RETENTION_YEARS", MIN_AUDIT_RETENTION_YEARS)
    if years < MIN_AUDIT_RETENTION_YEARS:
        raise ImproperlyConfigured(
            f"SAMEN_AUDIT_RETENTION_YEARS must be at least {MIN_AUDIT_RETENTION_YEARS} "
            f"(the legal minimum for access logs), not {years}")
    return years
