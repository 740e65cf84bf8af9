"""Result models shared by deadlines and reports (SPEC §6): citations, warnings, deadlines."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict

from ._profile import Citation, Profile


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    @classmethod
    def built(cls, **values: Any) -> Self:
        """A result from values the evaluator computed and typed itself, every field given, without validating
        them again: what ``model_construct`` does, in a third of the time of ``cls(**values)`` (several results
        per case, millions of cases). tests/test_built_results.py holds every report so built to the report
        pydantic validates from its own dump.

        Every result of a class shares one set of its field names as the fields set: pydantic only adds to that
        set when a field is assigned, which a frozen model refuses, and copies it before a ``model_copy``
        updates it."""
        fields = _ALL_FIELDS.get(cls)
        if fields is None:
            fields = _ALL_FIELDS[cls] = set(cls.model_fields)
        result = _new(cls)
        _set(result, "__dict__", values)
        _set_fields_set(result, fields if len(values) == len(fields) else set(values))
        _set_extra(result, None)
        _set_private(result, None)
        return result


_new = object.__new__
_set = object.__setattr__
# BaseModel's own slots, set through their descriptors: a third faster than object.__setattr__ by name
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__
_ALL_FIELDS: dict[type[BaseModel], set[str]] = {}
"""result class → the names of all its fields (the fields set of a result built with every field)"""


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


WarningCode = Literal["draft_instrument", "provisional_calendar", "deadline_not_set", "events_after_as_of",
                      "obligation_not_in_profile", "event_not_in_profile"]


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


def draft_warning(title: str) -> ReportWarning:
    """The ``draft_instrument`` warning every result under a draft carries (SPEC §4 Validity)."""
    return ReportWarning(code="draft_instrument",
                         message=f"《{title}》为草案（征求意见稿），并非生效文本；结果仅供参考")
