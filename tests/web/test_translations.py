"""Every Dutch catalogue is complete, its compiled .mo matches the .po, and apps agree.

Django reads the compiled ``.mo`` files; a ``.po`` edited without recompiling (``msgfmt -o
django.mo django.po``) would silently show English. Two apps translating the same English text
differently would make the winner depend on the order of INSTALLED_APPS.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

WEB = Path(__file__).resolve().parents[2] / "src" / "samen" / "web"
CATALOGUES = sorted(WEB.glob("*/locale/nl/LC_MESSAGES/django.po"))


def _entries(path: Path) -> dict[tuple[str, str | None], str | tuple[str, ...]]:
    reader = read_po if path.suffix == ".po" else read_mo
    with path.open("rb") as handle:
        catalog = reader(handle)
    result: dict[tuple[str, str | None], str | tuple[str, ...]] = {}
    for message in catalog:
        if not message.id:
            continue
        key = (message.id if isinstance(message.id, str) else message.id[0], message.context)
        result[key] = message.string if isinstance(message.string, str) else tuple(message.string)
    return result


def test_every_app_with_templates_has_a_dutch_catalogue() -> None:
    apps = {p.parent.parent.name for p in WEB.glob("*/templates/*")} - {"templates"}
    with_catalogue = {p.parents[3].name for p in CATALOGUES}
    assert apps <= with_catalogue, f"apps without a Dutch catalogue: {sorted(apps - with_catalogue)}"


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parents[3].name)
def test_catalogue_is_complete_and_compiled(po: Path) -> None:
    source = _entries(po)
    untranslated = [key[0] for key, text in source.items()
                    if not text or (isinstance(text, tuple) and not all(text))]
    assert not untranslated, f"{po}: no Dutch for {untranslated[:5]}"
    compiled = _entries(po.with_suffix(".mo"))
    stale = [key[0] for key, text in source.items() if compiled.get(key) != text]
    assert not stale, f"{po.with_suffix('.mo')} is out of date (run msgfmt) for {stale[:5]}"


def test_apps_agree_on_shared_texts() -> None:
    seen: dict[tuple[str, str | None], tuple[str | tuple[str, ...], str]] = {}
    clashes = []
    for po in CATALOGUES:
        app = po.parents[3].name
        for key, text in _entries(po).items():
            if key in seen and seen[key][0] != text:
                clashes.append(f"{key[0]!r}: {seen[key][1]}={seen[key][0]!r}, {app}={text!r}")
            seen.setdefault(key, (text, app))
    assert not clashes, "the same English text is translated differently:\n" + "\n".join(clashes)
