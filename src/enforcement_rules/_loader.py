"""Finding and loading profiles: bundled ones by name (from a wheel or a checkout) or any YAML path."""

from __future__ import annotations

import functools
import os
from importlib import resources
from pathlib import Path

from ._documents import Document, PathKey, parse_yaml, read_text
from ._errors import ProfileError
from ._profile import (
    AdmissionRule,
    Citation,
    DeadlineRule,
    DispositionRule,
    LiabilityRule,
    ProcedureRule,
    Profile,
)
from ._vocabulary import EVENT_FIELDS

_PACKAGE_DATA = "_data"


def _data_dir(kind: str) -> Path:
    """``profiles`` or ``sources``: inside the installed wheel, else at the checkout's root."""
    packaged = Path(str(resources.files("enforcement_rules"))) / _PACKAGE_DATA / kind
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / kind


def profiles_dir() -> Path:
    return _data_dir("profiles")


def sources_dir() -> Path:
    return _data_dir("sources")


def list_profiles() -> list[str]:
    """Names of the bundled profiles, sorted."""
    return sorted(path.stem for path in profiles_dir().glob("*.yaml"))


def resolve_profile_path(name_or_path: str | os.PathLike[str]) -> Path:
    """A bundled profile's file, or the given path; unknown names are a ``ProfileError``."""
    text = os.fspath(name_or_path)
    bundled = profiles_dir() / f"{text}.yaml"
    if "/" not in text and "\\" not in text and not text.endswith((".yaml", ".yml")) and bundled.is_file():
        return bundled
    path = Path(text)
    if path.is_file():
        return path
    raise ProfileError(f"unknown profile {text!r}: bundled profiles are {', '.join(list_profiles())}; "
                       "or give the path of a profile YAML file")


def display_path(path: Path) -> str:
    """How a file is named in messages: bundled profiles as ``profiles/NAME.yaml``."""
    if path.parent == profiles_dir():
        return f"profiles/{path.name}"
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def load_profile(name_or_path: str | os.PathLike[str]) -> Profile:
    """Load a bundled profile by name (``"weihai"``) or a profile YAML file by path."""
    path = resolve_profile_path(name_or_path)
    stat = path.stat()
    return _load_cached(str(path.resolve()), stat.st_mtime_ns, stat.st_size, display_path(path))


@functools.lru_cache(maxsize=64)
def _load_cached(path: str, _mtime: int, _size: int, shown: str) -> Profile:
    return parse_profile(read_text(Path(path), ProfileError), shown)


def parse_profile(text: str, file: str) -> Profile:
    """Parse and validate profile YAML text; every error names ``file``, the line and the key path."""
    return parse_profile_document(text, file)[0]


def parse_profile_document(text: str, file: str) -> tuple[Profile, Document]:
    """``parse_profile``, also returning the document (with the line of every key) for static checks."""
    document = parse_yaml(text, file, ProfileError)
    if not isinstance(document.data, dict):
        raise ProfileError("a profile is a mapping with keys profile, city, instruments, rules",
                           file=file, line=1)
    profile = document.validate(Profile, ProfileError)
    _check_references(profile, document)
    profile._path = file
    return profile, document


def _check_references(profile: Profile, document: Document) -> None:
    """Every citation names a known instrument; every rule a rule refers to exists and fits."""
    routing: dict[int, str] = {}
    for rule_id, rule in profile.rules.items():
        base = ("rules", rule_id)
        _check_citation(profile, document, rule.citation, (*base, "citation"))
        if isinstance(rule, AdmissionRule) and rule.precedence is not None:
            if rule.precedence in routing:
                raise document.error(ProfileError, (*base, "precedence"),
                                     f"precedence {rule.precedence} is also {routing[rule.precedence]!r}'s")
            routing[rule.precedence] = rule_id
        if isinstance(rule, ProcedureRule):
            _check_procedure(rule, document, base)
        if isinstance(rule, DispositionRule):
            _check_disposition(profile, rule, document, base)
        if isinstance(rule, LiabilityRule):
            _check_liability(profile, rule, document, base)


def _check_citation(profile: Profile, document: Document, citation: Citation, path: PathKey) -> None:
    if citation.instrument not in profile.instruments:
        raise document.error(ProfileError, (*path, "instrument"),
                             f"unknown instrument {citation.instrument!r}; "
                             f"expected one of {', '.join(profile.instruments)}")


def _check_procedure(rule: ProcedureRule, document: Document, base: PathKey) -> None:
    fields = EVENT_FIELDS.get(rule.event, ())
    for key, requirements in (("requires", rule.requires), ("unless", rule.unless)):
        for index, requirement in enumerate(requirements):
            if requirement.field not in fields:
                raise document.error(ProfileError, (*base, key, index, "field"),
                                     f"event {rule.event!r} has no field {requirement.field!r}; "
                                     f"expected one of {', '.join(fields) or '(none)'}")


def _check_disposition(profile: Profile, rule: DispositionRule, document: Document, base: PathKey) -> None:
    if rule.correction_deadline not in profile.rules_of(DeadlineRule):
        raise document.error(ProfileError, (*base, "correction_deadline"),
                             f"unknown deadline rule {rule.correction_deadline!r}")
    seen: dict[int, int] = {}
    for index, criterion in enumerate(rule.criteria):
        _check_citation(profile, document, criterion.citation, (*base, "criteria", index, "citation"))
        if criterion.precedence in seen:
            raise document.error(ProfileError, (*base, "criteria", index, "precedence"),
                                 f"precedence {criterion.precedence} is also criterion "
                                 f"[{seen[criterion.precedence]}]'s")
        seen[criterion.precedence] = index


def _check_liability(profile: Profile, rule: LiabilityRule, document: Document, base: PathKey) -> None:
    deadlines = profile.rules_of(DeadlineRule)
    for index, item in enumerate(rule.items):
        for position, target in enumerate(item.rules):
            where = (*base, "items", index, "rules", position)
            if target not in deadlines:
                raise document.error(ProfileError, where, f"unknown deadline rule {target!r}")
            if deadlines[target].right:
                raise document.error(ProfileError, where,
                                     f"{target!r} is a right, not a duty: it gives rise to no liability")
