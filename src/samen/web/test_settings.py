"""Settings for the test suite: a throw-away data directory and a fixed key, else as in production.

``DATABASE_URL`` still switches the database, so the same suite runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("SAMEN_DATA_DIR", tempfile.mkdtemp(prefix="samen-test-"))
os.environ.setdefault("SAMEN_SECRET_KEY", "test-only-" + "k" * 40)

from samen.web.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; tests only
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Many tests travel in time (ages, deadlines) after signing in, which the session limits would
# end; accounts/tests/test_sessions.py puts the production limits back to test them.
SAMEN_SESSION_IDLE_SECONDS = SAMEN_SESSION_ABSOLUTE_SECONDS = SESSION_COOKIE_AGE = 10 * 365 * 86400
