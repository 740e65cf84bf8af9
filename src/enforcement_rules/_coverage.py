"""Coverage of the sources, as Catala leaves un-modelled articles in place marked as such: every article of
every instrument with a source is ``encoded`` (by the rules citing it), ``declarative`` or ``not_modelled``
(each with a reason, in the profile's ``coverage:``), or — a gap a test refuses — ``unclassified``.

Articles are the 条 of a source; for a source numbered by parts (the 2016 opinion: 一、（一）1.), its
smallest numbered units (``三（一）3``, ``二（三）``, ``一``).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ._errors import ProfileError
from ._kinds import kind_of
from ._loader import sources_dir
from ._profile import Profile

Status = Literal["encoded", "declarative", "not_modelled", "unclassified"]
_NUMERAL = "一二三四五六七八九十百零"
_ARTICLE = re.compile(rf"^[\s\u3000*]*(?:\[[^\]\n]*\]\s*)?(第[{_NUMERAL}]+条)", re.MULTILINE)
_PART = re.compile(rf"^[\s\u3000]*([{_NUMERAL}]+)、", re.MULTILINE)
_SECTION = re.compile(rf"^[\s\u3000]*[（(]([{_NUMERAL}]+)[)）]", re.MULTILINE)
_POINT = re.compile(r"^[\s\u3000]*(\d+)[.．]", re.MULTILINE)


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class ArticleCoverage(_Out):
    article: str
    status: Status
    rules: list[str] = []
    reason: str | None = None


class InstrumentCoverage(_Out):
    instrument: str
    title: str
    source: str
    articles: list[ArticleCoverage]


class CoverageTable(_Out):
    """``coverage PROFILE --json``: every article of every source, classified, with the totals."""

    profile: str
    instruments: list[InstrumentCoverage]
    articles: int
    totals: dict[Status, int]


@cache
def source_articles(name: str) -> tuple[str, ...]:
    """The articles of a source file, in order (``第一条`` …, or ``一``, ``二（一）``, ``三（一）1`` …)."""
    path = Path(sources_dir()) / name
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(f"cannot read source {name!r}: {exc}", file=str(path)) from None
    articles = list(dict.fromkeys(match.group(1) for match in _ARTICLE.finditer(text)))
    return tuple(articles) if articles else _numbered_units(text)


def _numbered_units(text: str) -> tuple[str, ...]:
    """Parts 一、, sections （一）, points 1. — each unit the smallest numbered one."""
    marks = sorted([(m.start(), "part", m.group(1)) for m in _PART.finditer(text)]
                   + [(m.start(), "section", m.group(1)) for m in _SECTION.finditer(text)]
                   + [(m.start(), "point", m.group(1)) for m in _POINT.finditer(text)])
    units: list[str] = []
    part = section = ""
    for index, (_, level, number) in enumerate(marks):
        following = marks[index + 1][1] if index + 1 < len(marks) else "part"
        if level == "part":
            part, section = number, ""
            if following == "part":
                units.append(part)
        elif level == "section" and part:
            section = f"（{number}）"
            if following != "point":
                units.append(part + section)
        elif level == "point" and part:
            units.append(f"{part}{section}{number}")
    return tuple(units)


def _article_of(label: str, articles: tuple[str, ...]) -> str | None:
    """The source article a citation label falls in (第三十五条第（五）项 → 第三十五条; 三（一）3 → 三（一）3)."""
    best = None
    for article in articles:
        if label.startswith(article) and (best is None or len(article) > len(best)):
            best = article
    return best


def coverage_table(profile: Profile) -> CoverageTable:
    """Every article of the profile's sources with its classification."""
    encoded: dict[tuple[str, str], list[str]] = {}
    for rule_id, rule in profile.rules.items():
        for _, citation, _ in kind_of(rule).quotes(rule):
            instrument = profile.instruments.get(citation.instrument)
            if instrument is None or instrument.source is None:
                continue
            article = _article_of(citation.label, source_articles(instrument.source))
            if article is not None and rule_id not in encoded.setdefault((citation.instrument, article), []):
                encoded[(citation.instrument, article)].append(rule_id)
    instruments = []
    totals: dict[Status, int] = {"encoded": 0, "declarative": 0, "not_modelled": 0, "unclassified": 0}
    for key, instrument in profile.instruments.items():
        if instrument.source is None:
            continue
        declared = profile.coverage.get(key, {})
        rows = []
        for article in source_articles(instrument.source):
            rules = encoded.get((key, article))
            entry = declared.get(article)
            if rules:
                row = ArticleCoverage(article=article, status="encoded", rules=rules,
                                      reason=entry.reason if entry else None)
            elif entry is not None:
                row = ArticleCoverage(article=article, status=entry.status, reason=entry.reason)
            else:
                row = ArticleCoverage(article=article, status="unclassified")
            totals[row.status] += 1
            rows.append(row)
        instruments.append(InstrumentCoverage(instrument=key, title=instrument.title, source=instrument.source,
                                              articles=rows))
    return CoverageTable(profile=profile.name, instruments=instruments, articles=sum(totals.values()),
                         totals=totals)


def unknown_articles(profile: Profile) -> list[tuple[str, str]]:
    """(instrument, article) classified in ``coverage:`` that its source does not have."""
    found: list[tuple[str, str]] = []
    for key, articles in profile.coverage.items():
        instrument = profile.instruments.get(key)
        known = source_articles(instrument.source) if instrument and instrument.source else ()
        found.extend((key, article) for article in articles if article not in known)
    return found
