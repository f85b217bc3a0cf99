"""Tests of the FHIR endpoints.

When the pytest arguments name a path below ``src/samen/web`` (``pytest src/samen/web/fhir``),
pytest-django puts that folder, where it finds ``manage.py``, first on ``sys.path`` (unless the
project sets ``django_find_project = false``). This app's folder ``fhir`` would then shadow the
``fhir.resources`` package that these tests and the views import, so the entry is taken out
again before anything imports ``fhir``. Nothing in Samen imports from that folder directly.
"""

import sys
from pathlib import Path

_WEB = Path(__file__).resolve().parents[2]
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != _WEB]
