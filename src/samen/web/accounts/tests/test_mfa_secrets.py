"""TOTP secrets and recovery-code seeds are stored encrypted, and keys can be rotated."""

from __future__ import annotations

from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from cryptography.fernet import Fernet, InvalidToken
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from samen.web import config
from samen.web.accounts.mfa_adapter import PREFIX, EncryptingMFAAdapter
from samen.web.testing import SamenTestCase, totp_code

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # synthetic, test only


class StoredEncryptedTest(SamenTestCase):
    def test_the_totp_secret_is_not_in_the_database_and_codes_still_check(self) -> None:
        Authenticator.objects.filter(user=self.wout).delete()
        totp = TOTP.activate(self.wout, SECRET)
        stored = Authenticator.objects.get(pk=totp.instance.pk).data["secret"]
        self.assertTrue(stored.startswith(PREFIX))
        self.assertNotIn(SECRET, stored)
        # allauth reads the secret back through the adapter: the code of this step validates.
        code = totp_code(secret=SECRET)
        self.assertTrue(TOTP(Authenticator.objects.get(pk=totp.instance.pk)).validate_code(code))

    def test_the_recovery_seed_is_encrypted_and_codes_work(self) -> None:
        Authenticator.objects.filter(user=self.wout, type="recovery_codes").delete()
        codes = RecoveryCodes.activate(self.wout)
        stored = Authenticator.objects.get(pk=codes.instance.pk).data["seed"]
        self.assertTrue(stored.startswith(PREFIX))
        first = codes.get_unused_codes()[0]
        self.assertNotIn(first, str(Authenticator.objects.get(pk=codes.instance.pk).data))
        self.assertTrue(RecoveryCodes(Authenticator.objects.get(pk=codes.instance.pk))
                        .validate_code(first))


class RotationTest(SamenTestCase):
    def test_a_value_under_the_old_key_reads_after_a_new_key_is_put_first(self) -> None:
        old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
        adapter = EncryptingMFAAdapter()
        with override_settings(SAMEN_FIELD_KEYS=[old]):
            sealed = adapter.encrypt("a secret")
        with override_settings(SAMEN_FIELD_KEYS=[new, old]):
            self.assertEqual(adapter.decrypt(sealed), "a secret")
            resealed = adapter.encrypt("a secret")
        with override_settings(SAMEN_FIELD_KEYS=[new]):
            self.assertEqual(adapter.decrypt(resealed), "a secret")
        with override_settings(SAMEN_FIELD_KEYS=[new]), pytest.raises(InvalidToken):
            adapter.decrypt(sealed)  # the old key is gone: its values no longer open

    def test_a_value_stored_in_the_clear_earlier_still_reads(self) -> None:
        self.assertEqual(EncryptingMFAAdapter().decrypt(SECRET), SECRET)


def test_a_bad_key_is_a_clear_configuration_error(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAMEN_FIELD_KEYS", f"{Fernet.generate_key().decode()},not-a-key")
    with pytest.raises(ImproperlyConfigured, match="key 2 is not a Fernet key"):
        config.field_keys(tmp_path)


def test_without_keys_one_is_made_once_and_kept_private(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SAMEN_FIELD_KEYS", raising=False)
    first = config.field_keys(tmp_path)
    assert config.field_keys(tmp_path) == first
    assert len(first) == 1
    assert Fernet(first[0]).decrypt(Fernet(first[0]).encrypt(b"x")) == b"x"  # a usable key
    assert (tmp_path / "field_key").stat().st_mode & 0o777 == 0o600
