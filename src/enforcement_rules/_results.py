"""Result models shared by deadlines and reports (SPEC §6): citations, warnings, deadlines."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ._profile import Citation, LiabilityItem, LiabilityRule, Profile


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CitedArticle(_Out):
    """A citation as reported: the instrument's title, 条/款/项 and the text quoted."""

    instrument: str
    article: str
    paragraph: str | None
    item: str | None
    text: str


def cite(profile: Profile, citation: Citation, text: str) -> CitedArticle:
    """The citation as reported; built once per profile, citation and text (``citation`` must belong to the
    profile, which keeps it alive: it is remembered by identity)."""
    memo = profile.memo
    key = ("cite", id(citation), text)
    cited = memo.get(key)
    if cited is None:
        cited = memo[key] = CitedArticle(instrument=profile.instruments[citation.instrument].title,
                                         article=citation.article, paragraph=citation.paragraph, item=citation.item,
                                         text=text)
    return cited


def cite_item(profile: Profile, rule: LiabilityRule, item: LiabilityItem) -> CitedArticle:
    """A liability item cited as its rule's article with the item's 项 and text."""
    memo = profile.memo
    key = ("item", id(item))
    cited = memo.get(key)
    if cited is None:
        cited = memo[key] = cite(profile, rule.citation.model_copy(update={"item": item.item}), item.text)
    return cited


def label(profile: Profile, citation: Citation) -> str:
    """《标题》第X条第Y款第（Z）项 — how a sentence cites an article (``citation`` belongs to the profile)."""
    memo = profile.memo
    key = ("label", id(citation))
    text = memo.get(key)
    if text is None:
        text = memo[key] = f"《{profile.instruments[citation.instrument].title}》{citation.label}"
    return text


WarningCode = Literal["draft_instrument", "provisional_calendar", "deadline_not_set", "events_after_as_of",
                      "obligation_not_in_profile"]


class ReportWarning(_Out):
    """One entry of a result's ``warnings``: a code other systems branch on, and a message."""

    code: WarningCode
    message: str


DeadlineStatus = Literal["ok", "not_in_force", "undeterminable", "set_by_document"]


class Deadline(_Out):
    """A due date computed for one rule and one trigger (SPEC §6 ``deadline --json``)."""

    profile: str
    rule: str
    trigger: dt.date | int
    nominal_due: dt.date | None
    due: dt.date | None
    rolled: bool
    unit: str
    amount: int | None
    status: DeadlineStatus
    provisional: bool
    citation: CitedArticle
    explanation: str
    warnings: list[ReportWarning] = []
