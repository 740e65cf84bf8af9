"""The profile language: instruments, vocabularies, declared facts and events, precedence, coverage, and rules.

A profile is data a legal analyst edits; everything the evaluator decides is read from here. The rule
kinds are plug-ins (``_kinds``): the ``rules`` mapping is validated against whichever kinds are registered,
so a new kind is one module plus one registry line. Layers (``extends``, ``patch``, ``disable``) are merged
by the loader into one ``Profile`` that remembers which layer every rule came from.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

from ._docstrings import describe
from ._vocabulary import (
    CORE_CODES,
    CORE_EVENTS,
    CORE_FACTS,
    VOCABULARIES,
    EventSpec,
    FactSpec,
    FactType,
    VocabularyName,
)

RuleId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
Code = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
_SOURCE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$")


class Strict(BaseModel):
    # Attribute docstrings are field descriptions (pydantic's use_attribute_docstrings, found faster: _docstrings);
    # the validator is built on first use, not at import (issue 10, cold start).
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        describe(cls)


def _hh_mm(value: Any) -> str:
    """A time of day written ``"HH:MM"`` (quoted: unquoted 22:00 is a YAML 1.1 base-60 number)."""
    if not isinstance(value, str) or not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
        raise ValueError(f"expected a time \"HH:MM\" in quotes; got {value!r}")
    return value


HHMM = Annotated[str, BeforeValidator(_hh_mm), Field(json_schema_extra={"pattern": r"^([01]\d|2[0-3]):[0-5]\d$"})]


def _source_name(value: str) -> str:
    if not _SOURCE_NAME.fullmatch(value) or ".." in value:
        raise ValueError(f"expected a file name inside sources/ (no folders, no '..'); got {value!r}")
    return value


def in_span(first: dt.date | None, last: dt.date | None, day: dt.date) -> bool:
    """Whether ``day`` falls on or after ``first`` and on or before ``last`` (either open when ``None``): the
    test of an instrument's validity (``Instrument.in_force_on``; the evaluator keeps each instrument's span)."""
    return (first is None or first <= day) and (last is None or day <= last)


class Instrument(Strict):
    """One legal instrument: its identity, its rank for precedence, its validity and where its text is kept."""

    title: str
    """the instrument's title, without 《》"""
    document_number: str | None = None
    """its document number (文号), if any"""
    issued_on: dt.date | None = None
    """the day it was issued or published"""
    effective_from: dt.date | None = Field(default=None, description="first day in force")
    effective_until: dt.date | None = Field(default=None, description="last day in force, inclusive")
    evaluated_from: dt.date | None = Field(
        default=None, description="a draft: the day from which the engine applies it (SPEC §4 Validity)")
    status: Literal["in_force", "draft", "expired"]
    """in_force, draft or expired"""
    rank: str | None = Field(default=None, description="its rank in precedence.ranks (上位法优先)")
    special: bool = Field(default=False, description="a special law for its subject (特别法优先)")
    source: Annotated[str, AfterValidator(_source_name)] | None = Field(
        default=None, description="file name under sources/; null when the text is not among the sources")
    origin: str | None = None
    """where the text was taken from"""
    notes: list[str] = []
    """notes in Chinese"""

    @model_validator(mode="after")
    def _dates_in_order(self) -> Instrument:
        if self.effective_from and self.effective_until and self.effective_until < self.effective_from:
            raise ValueError("effective_until is before effective_from")
        return self

    @property
    def first_day(self) -> dt.date | None:
        """The first day the engine applies the instrument (a draft: ``evaluated_from``)."""
        return self.effective_from or self.evaluated_from

    def in_force_on(self, day: dt.date) -> bool:
        return in_span(self.first_day, self.effective_until, day)

    def in_force_during(self, year: int) -> bool:
        """In force on at least one day of ``year``."""
        first = self.first_day
        return ((first is None or first.year <= year)
                and (self.effective_until is None or self.effective_until.year >= year))


class Citation(Strict):
    """条/款/项 of one instrument (for the 2016 opinion: part, section, point)."""

    instrument: str
    """the key of the instrument cited (instruments:)"""
    article: str
    """the article (第X条; for the 2016 opinion its part, e.g. 三)"""
    paragraph: str | None = None
    """the paragraph (第X款; for the 2016 opinion its section, e.g. （一）)"""
    item: str | None = None
    """the item (第（X）项; for the 2016 opinion its point, e.g. 3)"""

    @property
    def label(self) -> str:
        return f"{self.article}{self.paragraph or ''}{self.item or ''}"


class RuleBase(Strict):
    """What every rule has: its kind, a short Chinese title, its citation and the text quoted verbatim."""

    kind: str
    title: str = Field(description="short Chinese name")
    citation: Citation
    text: str = Field(description="the article text, verbatim from the source")
    topic: str | None = Field(default=None, description="rules of one topic compete: the declared precedence "
                                                        "between their instruments picks the one applied")
    note: str | None = Field(default=None, description="a note in Chinese: every choice the text forces, made visible")

    @property
    def competes(self) -> bool:
        """Whether declared precedence may set the rule aside: it names a ``topic`` (``Evaluation.chosen``). A kind
        works this out once per profile and asks ``chosen`` only for such a rule."""
        return self.topic is not None


DutyOf = Annotated[Literal["agency", "supervisory_body"], Field(
    description="whose duty: the supervised agency's (default), or the supervisory body's own — which never gives "
                "rise to a liability of the agency")]


class Label(Strict):
    """A code's meaning: Chinese (the law's language), English, and for a combined code what it includes."""

    zh: str
    """the Chinese label"""
    en: str | None = None
    """the English label"""
    includes: list[Code] = Field(default=[], description="a document code standing for several documents")


class FactDecl(Strict):
    """A fact a profile adds to the case vocabulary (the case states it under ``facts:``)."""

    type: Literal["flag", "code", "codes", "number"]
    """the fact's type: flag, code, codes (a list) or number"""
    values: list[Code] = Field(default=[], description="for code and codes facts: the values it may take")
    zh: str
    """the Chinese label"""
    en: str | None = None
    """the English label"""


class FieldDecl(Strict):
    type: Literal["flag", "code", "codes", "number"]
    """the fact's type: flag, code, codes (a list) or number"""
    values: list[Code] = []
    """the codes a code or codes fact may take"""


class EventDecl(Strict):
    """An event type a profile adds (the case lists it under ``events:`` with ``on`` or ``at``)."""

    zh: str
    """the Chinese label"""
    en: str | None = None
    """the English label"""
    fields: dict[Code, FieldDecl] = {}
    """the event's own fields, by name"""
    timed: bool = Field(default=False, description="carries a time of day (at)")


Principle = Literal["superior_law", "special_law", "later_law"]


class Precedence(Strict):
    """How competing rules are chosen (立法法 第九十九、一百零三条): the principles in the order they are tried."""

    principles: list[Principle] = Field(min_length=1)
    """the principles tried in order: superior_law (上位法优先), special_law (特别法优先), later_law (新法优先)"""
    ranks: list[str] = Field(default=[], description="instrument ranks, highest first (上位法优先)")


class Classified(Strict):
    """An article that no rule encodes: why (a principle, organisation, funding …, or why it is not modelled)."""

    status: Literal["declarative", "not_modelled"]
    reason: str = Field(min_length=2)


def _classification(value: Any) -> Any:
    """``{declarative: reason}`` / ``{not_modelled: reason}`` shorthand."""
    if isinstance(value, Mapping) and len(value) == 1:
        ((key, reason),) = value.items()
        if key in {"declarative", "not_modelled"}:
            return {"status": key, "reason": reason}
    return value


_REASON = {"type": "string", "minLength": 2, "description": "the reason, in one line a lawyer would accept"}
Classification = Annotated[Classified, BeforeValidator(_classification), WithJsonSchema({
    "description": "why no rule encodes the article: {declarative: reason}, {not_modelled: reason}, or "
                   "{status, reason}",
    "oneOf": [
        {"type": "object", "properties": {"declarative": _REASON}, "required": ["declarative"],
         "additionalProperties": False},
        {"type": "object", "properties": {"not_modelled": _REASON}, "required": ["not_modelled"],
         "additionalProperties": False},
        {"type": "object", "properties": {"status": {"enum": ["declarative", "not_modelled"],
                                                     "description": "declarative or not_modelled"},
                                          "reason": _REASON},
         "required": ["status", "reason"], "additionalProperties": False},
    ]})]


class Disabled(Strict):
    layer: str
    reason: str


class Layers(dict[str, str]):
    """Rule id → the layer it came from; a rule no layer names is the profile's own (``home``)."""

    def __init__(self, layers: Mapping[str, str], *, home: str) -> None:
        super().__init__(layers)
        self.home = home

    def __missing__(self, rule_id: str) -> str:
        return self.home


class Profile(Strict):
    """One city's instruments and rules, or a layer of them (a national base, a what-if overlay)."""

    profile: str
    """the profile's name (a city's: its file name)"""
    city: str | None = None
    """the city, in Chinese (required for layer: city)"""
    layer: Literal["city", "base", "overlay"] = Field(
        default="city", description="a base layer is not listed as a city; an overlay changes one")
    extends: list[str] = Field(default=[], description="layers below this one, lowest first")
    instruments: dict[RuleId, Instrument] = {}
    """the legal instruments, by key"""
    precedence: Precedence | None = None
    vocabulary: dict[VocabularyName, dict[Code, Label]] = {}
    """codes this profile adds, per vocabulary, with their meaning"""
    facts: dict[Code, FactDecl] = {}
    """facts this profile adds to the case vocabulary (a case states them under facts:)"""
    events: dict[Code, EventDecl] = {}
    """event types this profile adds (a case lists them under events:)"""
    rules: dict[RuleId, RuleBase] = {}
    """the rules, by id"""
    patch: dict[RuleId, dict[str, Any]] = Field(default={}, description="changes to rules of a lower layer")
    disable: dict[RuleId, str] = Field(default={}, description="rules of a lower layer switched off, with reasons")
    coverage: dict[RuleId, dict[str, Classification]] = Field(
        default={}, description="per instrument, per article (条, or 款/项): why no rule encodes it")
    notes: list[str] = []
    """notes in Chinese"""

    _path: str = PrivateAttr(default="")
    _layers: dict[str, str] = PrivateAttr(default_factory=dict)
    _disabled: dict[str, Disabled] = PrivateAttr(default_factory=dict)
    _places: dict[str, Any] = PrivateAttr(default_factory=dict)
    _chain: list[str] = PrivateAttr(default_factory=list)

    @property
    def chain(self) -> list[str]:
        """Every layer merged into this profile, lowest first (this one last)."""
        return self._chain or [self.profile]

    def place_of(self, rule_id: str) -> Any:
        """(document, key path) where the rule's data stands, in the layer that last set it."""
        return self._places.get(rule_id)

    @property
    def name(self) -> str:
        return self.profile

    @property
    def path(self) -> str:
        return self._path

    def layer_of(self, rule_id: str) -> str:
        """The layer a rule came from (its file's ``profile`` name)."""
        return self.layer_map[rule_id]

    @functools.cached_property
    def layer_map(self) -> Layers:
        """Rule id → layer, the profile's own for a rule no layer names (a dict: read once per rule result; every
        rule of the profile is in it, so that a look-up never falls back to Python's ``__missing__``)."""
        return Layers({**dict.fromkeys(self.rules, self.profile), **self._layers}, home=self.profile)

    @property
    def disabled(self) -> dict[str, Disabled]:
        return self._disabled

    def rules_of(self, kind: type[Any]) -> dict[str, Any]:
        """The rules of one kind, in file order (computed once: a profile never changes)."""
        memo = self.memo
        found = memo.get(kind)
        if found is None:
            found = memo[kind] = {rule_id: rule for rule_id, rule in self.rules.items() if isinstance(rule, kind)}
        return found

    def codes(self, vocabulary: VocabularyName) -> frozenset[str]:
        """The codes of one vocabulary: SPEC's core codes and the profile's own."""
        return self.all_codes[vocabulary]

    @functools.cached_property
    def all_codes(self) -> dict[VocabularyName, frozenset[str]]:
        return {name: frozenset(CORE_CODES.get(name, ())) | frozenset(self.vocabulary.get(name, {}))
                for name in VOCABULARIES}

    def label(self, vocabulary: VocabularyName, code: str, language: str = "zh") -> str:
        entry = self.vocabulary.get(vocabulary, {}).get(code)
        if entry is None:
            return code
        return (entry.en or entry.zh) if language == "en" else entry.zh

    def document_kinds(self, code: str) -> frozenset[str]:
        """The documents a document code stands for (itself, or what it ``includes``)."""
        entry = self.vocabulary.get("documents", {}).get(code)
        return frozenset(entry.includes) if entry is not None and entry.includes else frozenset({code})

    @functools.cached_property
    def fact_specs(self) -> dict[str, FactSpec]:
        """Every fact a condition may test: the core facts and this profile's ``facts.NAME``."""
        specs = dict(CORE_FACTS)
        specs.update({f"facts.{name}": FactSpec(decl.type, tuple(decl.values)) for name, decl in self.facts.items()})
        return specs

    @functools.cached_property
    def event_specs(self) -> dict[str, EventSpec]:
        specs = dict(CORE_EVENTS)
        for name, decl in self.events.items():
            specs[name] = EventSpec({field: FactSpec(spec.type, tuple(spec.values)) for field, spec
                                     in decl.fields.items()}, decl.timed)
        return specs

    @functools.cached_property
    def case_context(self) -> dict[str, Any]:
        """The validation context that reads a case for this profile (its codes, facts and events)."""
        return {"codes": self.all_codes,
                "facts": dict(self.facts),
                "events": {name: dict(decl.fields) for name, decl in self.events.items()}}

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Profile:
        """A copy with its own (empty) memo: values derived from the original may not hold for the copy."""
        copy = super().model_copy(update=update, deep=deep)
        for key in ("memo", "fact_specs", "event_specs", "case_context", "all_codes", "layer_map"):
            copy.__dict__.pop(key, None)
        return copy

    @functools.cached_property
    def memo(self) -> dict[Any, Any]:
        """A per-profile cache for values derived from it (rules by kind, citations as reported, …): a profile
        never changes once loaded."""
        return {}


FACT_TYPES: tuple[FactType, ...] = ("flag", "code", "codes", "number")
