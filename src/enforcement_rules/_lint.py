"""Static checks of a profile, reported by ``validate`` as warnings with file and line.

Each kind lints its own rules (a shadowed disposition criterion, a bar that can never fire, a deadline no event
can start …); here: every quotation against its source, and the coverage entries against the source's articles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ._coverage import unknown_articles
from ._documents import Document, format_path, read_text
from ._errors import ProfileError
from ._kinds import kind_of
from ._loader import sources_dir
from ._profile import Citation, Profile

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
    """Warnings for the profile and every layer below it, each at the file and line where the rule stands."""
    found: list[LintWarning] = []

    def warn(path: tuple[str | int, ...], message: str, where: Document = document) -> None:
        found.append(LintWarning(where.file, where.line_of(path), format_path(path), message))

    for rule_id, rule in profile.rules.items():
        place = profile.place_of(rule_id)
        where, base = place if place is not None else (document, ("rules", rule_id))
        kind = kind_of(rule)
        for path, citation, text in kind.quotes(rule):
            problem = check_quote(profile, citation, text)
            if problem is not None:
                warn((*base, *path, *problem[0]), problem[1], where)
        for path, message in kind.lint(profile, rule_id, rule):
            warn((*base, *path), message, where)
    for instrument, article in unknown_articles(profile):
        warn(("coverage", instrument, article), f"the source of {instrument} has no article {article!r}")
    return found


def check_quote(profile: Profile, citation: Citation,
                text: str) -> tuple[tuple[str, ...], str] | None:
    """Whether a quotation stands in the cited article of its source: (key path, message) when not."""
    instrument = profile.instruments.get(citation.instrument)
    if instrument is None or instrument.source is None:
        return None
    raw = _raw_source(instrument.source)  # a source that is not UTF-8 text is an error (ProfileError), not a warning
    if raw is None:
        return (), f"source file {instrument.source!r} not found under sources/"
    if not _ARTICLE.fullmatch(citation.article):
        return None  # the 2016 opinion's parts (三（一）3) are not 条: checked by quotation only
    body = _articles(instrument.source).get(citation.article)
    if body is None:
        return ("article",), f"《{instrument.title}》 has no {citation.article}"
    for fragment in text.split("……"):
        squashed = _SPACE.sub("", fragment)
        if squashed and squashed not in body:
            return (), f"the quoted text {fragment[:20]!r}… is not in {citation.article} of 《{instrument.title}》"
    return None


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
