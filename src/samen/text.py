"""Bilingual text: every user-facing string in Samen exists in Dutch and English."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

Language = Literal["nl", "en"]
LANGUAGES: tuple[Language, ...] = ("nl", "en")


class LocalizedText(BaseModel):
    """A short text in Dutch (the default language) and English."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    nl: str
    en: str

    @field_validator("nl", "en")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text must not be empty")
        return value.strip()

    def get(self, language: Language) -> str:
        """Return the text in ``language``."""
        return self.nl if language == "nl" else self.en


def bilingual(nl: str, en: str) -> LocalizedText:
    """Shorthand used by code that builds messages."""
    return LocalizedText(nl=nl, en=en)
