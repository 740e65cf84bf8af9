"""Static checks of a profile, reported by ``validate`` as warnings with file and line.

- a disposition criterion shadowed by an earlier one (it can never be reached);
- an admission bar that can never fire (a routing step always decides first);
- a citation to an article the instrument's source text does not contain, or a quotation outside it;
- a deadline rule no event or obligation can trigger.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ._documents import Document, format_path, read_text
from ._errors import ProfileError
from ._loader import sources_dir
from ._profile import AdmissionRule, Citation, Criterion, DeadlineRule, DispositionRule, DocumentPeriod, Profile

_ARTICLE = re.compile(r"第[一二三四五六七八九十百零]+条")
_HEADING = re.compile(r"^[\s\u3000*]*(?:\[[^\]\n]*\]\s*)?(第[一二三四五六七八九十百零]+条)", re.MULTILINE)
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class LintWarning:
    file: str
    line: int | None
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.key}: warning: {self.message}"


def lint_profile(profile: Profile, document: Document) -> list[LintWarning]:
    found: list[LintWarning] = []

    def warn(path: tuple[str | int, ...], message: str) -> None:
        found.append(LintWarning(document.file, document.line_of(path), format_path(path), message))

    rules = profile.rules
    routing = [rule for rule in profile.rules_of(AdmissionRule).values() if rule.stage == "routing"]
    for rule_id, rule in rules.items():
        base: tuple[str | int, ...] = ("rules", rule_id)
        _check_quote(profile, rule.citation, rule.text, (*base, "citation"), warn)
        if isinstance(rule, DispositionRule):
            ordered = sorted(enumerate(rule.criteria), key=lambda pair: pair[1].precedence)
            for position, (index, criterion) in enumerate(ordered):
                _check_quote(profile, criterion.citation, criterion.text, (*base, "criteria", index, "citation"), warn)
                for _, earlier in ordered[:position]:
                    if _covers(earlier, criterion):
                        warn((*base, "criteria", index),
                             f"criterion {criterion.if_uncorrected} (precedence {criterion.precedence}) is shadowed "
                             f"by {earlier.if_uncorrected} (precedence {earlier.precedence}): it can never apply")
                        break
        if isinstance(rule, AdmissionRule) and rule.stage == "bar" and rule.limitation is None and all(
                any(_condition_covers(c, own) for step in routing for c in step.if_any) for own in rule.if_any):
            warn(base, "this bar can never fire: whenever it holds, a routing step decides first")
        if isinstance(rule, DeadlineRule):
            _check_trigger(profile, rule_id, rule, base, warn)
    return found


def _check_trigger(profile: Profile, rule_id: str, rule: DeadlineRule, base: tuple[str | int, ...],
                   warn: Any) -> None:
    if rule.events is None and isinstance(rule.period, DocumentPeriod):
        warn(base, "no event starts this rule and an obligation cannot carry the document's period: "
                   "it can never be triggered (add events: {start: corrective_document_received, …})")
    if rule.events is not None and rule.events.start == "corrective_document_received" and not rule.events.documents:
        warn((*base, "events"), "events.documents is empty: any corrective document starts this rule")
    documents = {d.document for d in profile.rules_of(DispositionRule).values()}
    if rule.events is not None and rule.events.documents and documents:
        accepted = {kind for doc in documents for kind in _DOCUMENT_KINDS[doc]}
        if not set(rule.events.documents) & accepted:
            warn((*base, "events", "documents"),
                 f"no document of this profile's disposition ({', '.join(sorted(documents))}) starts {rule_id}")


_DOCUMENT_KINDS = {"opinion": {"opinion"}, "notice": {"notice"},
                   "supervision_letter_or_opinion": {"supervision_letter", "opinion"}}


def _condition_covers(wide: dict[str, Any], narrow: dict[str, Any]) -> bool:
    """Whenever ``narrow`` holds, ``wide`` holds too (same fact, a superset of values)."""
    ((fact_w, values_w),) = wide.items()
    ((fact_n, values_n),) = narrow.items()
    return fact_w == fact_n and _as_set(values_n) <= _as_set(values_w)


def _as_set(value: Any) -> set[Any]:
    return set(value) if isinstance(value, list) else {value}


def _covers(earlier: Criterion, later: Criterion) -> bool:
    """``earlier`` applies whenever ``later`` does, so ``later`` is never reached."""
    all_ok = all(any(_condition_covers(c, own) for own in later.if_all) for c in earlier.if_all)
    if not all_ok:
        return False
    if not earlier.if_any:
        return True
    return bool(later.if_any) and all(any(_condition_covers(c, own) for c in earlier.if_any) for own in later.if_any)


def _check_quote(profile: Profile, citation: Citation, text: str, path: tuple[str | int, ...], warn: Any) -> None:
    instrument = profile.instruments.get(citation.instrument)
    if instrument is None:
        return
    if _raw_source(instrument.source) is None:
        warn(path, f"source file {instrument.source!r} not found under sources/")
        return
    if not _ARTICLE.fullmatch(citation.article):
        return  # the 2016 opinion's parts (三（一）3) are not 条: checked by quotation only
    body = _articles(instrument.source).get(citation.article)
    if body is None:
        warn((*path, "article"), f"《{instrument.title}》 has no {citation.article}")
        return
    for fragment in text.split("……"):
        squashed = _SPACE.sub("", fragment)
        if squashed and squashed not in body:
            warn(path, f"the quoted text {fragment[:20]!r}… is not in {citation.article} of 《{instrument.title}》")
            return


@cache
def _raw_source(name: str) -> str | None:
    """A source text by its plain file name under ``sources/`` (never a path elsewhere); not UTF-8 is an error."""
    if not name or Path(name).name != name or name in {".", ".."}:
        return None
    path = Path(sources_dir()) / name
    return read_text(path, ProfileError) if path.is_file() else None


@cache
def _articles(name: str) -> dict[str, str]:
    """Each article's text (whitespace removed), from its heading at the start of a line to the next one."""
    source = _raw_source(name) or ""
    headings = list(_HEADING.finditer(source))
    bodies: dict[str, str] = {}
    for index, match in enumerate(headings):
        end = headings[index + 1].start() if index + 1 < len(headings) else len(source)
        bodies.setdefault(match.group(1), _SPACE.sub("", source[match.start():end]))
    return bodies
