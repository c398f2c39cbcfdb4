"""The journal format: one session as saved, enough to replay it exactly and to list it."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Journal(BaseModel):
    """One session as saved: enough to replay it exactly, and to list it."""

    model_config = ConfigDict(extra="forbid")

    version: Literal[1] = 1
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
    created: datetime
    updated: datetime
    mode: Literal["practice"] = "practice"
    origin: str = Field("", description="How the case was chosen, in words.")
    case: dict[str, Any] = Field(description="Case.model_dump(mode='json'): the case inline.")
    session_seed: int
    actions: list[dict[str, Any]] = Field(default_factory=list)
    finished: bool = False
    score: dict[str, Any] | None = Field(None, description="Score JSON once finished.")
    parent: str | None = Field(None, description="The journal this one was rewound from.")
    branched_at: int | None = Field(None, description="Steps kept from the parent.")
    # a course of care (issue 14): the planned visits, and the visit reached so far (for the
    # listing; replaying the actions, `visit` separators included, is what is trusted).
    # Absent in a single session's journal, and in every journal saved before courses.
    visits: int | None = Field(None, description="Planned visits of a course.")
    visit: int | None = Field(None, ge=1, description="The course's current visit.")
