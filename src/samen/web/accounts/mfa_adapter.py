"""allauth's MFA adapter with its encryption hook filled in.

allauth keeps each TOTP secret and recovery-code seed in ``Authenticator.data`` and passes it
through the adapter's ``encrypt``/``decrypt``, which by default store it as it is. Here they are
Fernet tokens (AES-128-CBC with HMAC-SHA256, from ``cryptography``) under the keys of
``SAMEN_FIELD_KEYS`` (see ``config.field_keys``): whoever copies the database without the key
cannot compute anyone's codes.
"""

from __future__ import annotations

from functools import cache

from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings

PREFIX = "fernet:"
"""Marks an encrypted value; a value without it was stored before encryption was switched on."""


@cache
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def cipher() -> MultiFernet:
    """The first key encrypts; every key decrypts (rotation: put the new key first)."""
    return _cipher(tuple(settings.SAMEN_FIELD_KEYS))


class EncryptingMFAAdapter(DefaultMFAAdapter):  # type: ignore[misc]
    def encrypt(self, text: str) -> str:
        return PREFIX + cipher().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        if not encrypted_text.startswith(PREFIX):
            return encrypted_text  # stored in the clear by an earlier version: still readable
        return cipher().decrypt(encrypted_text[len(PREFIX):].encode()).decode()
