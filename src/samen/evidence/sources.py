"""Where a fact comes from.

Every number in Samen carries a :class:`Source`. A value that no publication supports is still
allowed, but only when it says so: ``confidence = "assumption"`` with a ``note`` that explains the
reasoning. Confidence tags follow the research notes in ``shared/evidence``:

* ``verified`` -- seen in the primary source (abstract, table, official page);
* ``secondary`` -- seen in a review, a copy or a summary, not in the primary paper;
* ``unverified`` -- from background knowledge or conflicting sources; check before relying on it;
* ``derived`` -- computed by us from sourced numbers, with the method in ``note``;
* ``assumption`` -- our modelling or design choice, with the reasoning in ``note``.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

Confidence = Literal["verified", "secondary", "unverified", "derived", "assumption"]

_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_URL = re.compile(r"^https?://\S+$")


class Source(BaseModel):
    """A citation, or an explicit assumption."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    confidence: Confidence
    citation: str | None = None
    doi: str | None = None
    url: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _check(self) -> Source:
        if self.confidence == "assumption":
            if not self.note:
                raise ValueError("an assumption needs a 'note' that explains the reasoning")
        elif not self.citation:
            raise ValueError(
                f"a {self.confidence!r} source needs a 'citation' "
                "(or mark the entry confidence = \"assumption\" with a note)"
            )
        if self.confidence == "derived" and not self.note:
            raise ValueError("a derived value needs a 'note' that states the method")
        if self.doi is not None and not _DOI.match(self.doi):
            raise ValueError(f"doi {self.doi!r} is not of the form 10.NNNN/suffix")
        if self.url is not None and not _URL.match(self.url):
            raise ValueError(f"url {self.url!r} must start with http:// or https://")
        return self

    @property
    def is_assumption(self) -> bool:
        """True when no publication supports the value."""
        return self.confidence == "assumption"

    def short(self) -> str:
        """One line for tables: the citation, or 'assumption'."""
        if self.is_assumption:
            return "assumption"
        parts = [self.citation or ""]
        if self.doi:
            parts.append(f"doi:{self.doi}")
        elif self.url:
            parts.append(self.url)
        return "; ".join(p for p in parts if p)
