"""Finding, reading and layering profiles: bundled ones by name (from a wheel or a checkout) or any YAML path.

A profile file may ``extends:`` other layers (a bundled base such as ``national``, a city, or a file by path,
relative to the file). Layers are merged lowest first, as OpenFisca merges parameter trees and applies a
reform: a layer adds instruments, vocabulary, facts, events and rules; a rule with an existing id replaces
it; ``patch`` changes a few keys of a lower layer's rule; ``disable`` switches one off with a reason. The
merged profile remembers the layer of every rule. Every error names the file, line and key.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from . import _cache
from ._conditions import condition_tag
from ._documents import Document, PathKey, describe_error, format_path, parse_yaml, read_text
from ._errors import ProfileError
from ._kinds import kind_of, kinds, profile_model
from ._profile import Disabled, Profile

_PACKAGE_DATA = "_data"
LAYERS = "layers"


def _data_dir(kind: str) -> Path:
    """``profiles`` or ``sources``: inside the installed wheel, else at the checkout's root."""
    packaged = Path(__file__).parent / _PACKAGE_DATA / kind  # (importlib.resources: 4 ms more to start)
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / kind


def profiles_dir() -> Path:
    return _data_dir("profiles")


def layers_dir() -> Path:
    """Bundled base layers (``national``): not cities, never listed by ``profiles``."""
    return profiles_dir() / LAYERS


def sources_dir() -> Path:
    return _data_dir("sources")


def list_profiles() -> list[str]:
    """Names of the bundled city profiles, sorted (base layers are not cities)."""
    return sorted(path.stem for path in profiles_dir().glob("*.yaml"))


def list_layers() -> list[str]:
    return sorted(path.stem for path in layers_dir().glob("*.yaml"))


def _is_path(text: str) -> bool:
    return "/" in text or "\\" in text or text.endswith((".yaml", ".yml"))


def resolve_profile_path(name_or_path: str | os.PathLike[str], *, relative_to: Path | None = None) -> Path:
    """A bundled profile's (or base layer's) file, or the given path; unknown names are a ``ProfileError``."""
    text = os.fspath(name_or_path)
    if not _is_path(text):
        for folder in (profiles_dir(), layers_dir()):
            bundled = folder / f"{text}.yaml"
            if bundled.is_file():
                return bundled
    path = Path(text)
    if relative_to is not None and not path.is_absolute():
        path = relative_to / path
    if path.is_file():
        return path
    raise ProfileError(f"unknown profile {text!r}: bundled profiles are {', '.join(list_profiles())} "
                       f"(base layers: {', '.join(list_layers()) or 'none'}); or give the path of a profile YAML file")


def display_path(path: Path) -> str:
    """How a file is named in messages: bundled profiles as ``profiles/NAME.yaml``."""
    if path.parent == profiles_dir():
        return f"profiles/{path.name}"
    if path.parent == layers_dir():
        return f"profiles/{LAYERS}/{path.name}"
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def load_profile(name_or_path: str | os.PathLike[str]) -> Profile:
    """Load a bundled profile by name (``"weihai"``) or a profile YAML file by path, with its layers merged."""
    path = resolve_profile_path(name_or_path)
    return _load_cached(str(path.resolve()), *_stamp(path), display_path(path))


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


@functools.lru_cache(maxsize=64)
def _load_cached(path: str, _mtime: int, _size: int, shown: str) -> Profile:
    entry = _disk_entry(path, shown)
    if entry is not None:
        found = _from_disk(entry)
        if found is not None:
            return found
    layers: list[Layer] = []
    profile = _assemble(read_text(Path(path), ProfileError), shown, Path(path).parent, (path,), layers)[0]
    if entry is not None:
        _to_disk(entry, profile, layers)
    return profile


# -- the on-disk cache: a profile parsed, layered and validated once per contents (issue 10, cold start) -----

Layer = tuple[str, str, str]
"""An ``extends`` entry as resolved: (the name as written, the folder it was resolved from, the file found)."""


def _disk_entry(path: str, shown: str) -> str | None:
    """The cache file of the profile at ``path``: keyed by its contents, its display name and the kinds
    registered; the layers it extends are checked when the entry is read. ``None``: not cacheable (a kind
    registered from outside this package, or the file is unreadable — the load reports that)."""
    registry = kinds()
    if any(not kind.model.__module__.startswith(f"{__package__}._kinds.") for kind in registry):
        return None
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    signature = ",".join(f"{kind.name}={kind.model.__module__}.{kind.model.__qualname__}" for kind in registry)
    return _cache.key_of("profile", (path, shown, signature, data))


def _from_disk(entry: str) -> Profile | None:
    stored = _cache.load(entry)
    if not isinstance(stored, tuple) or len(stored) != 2:
        return None
    layers, state = stored
    for name, folder, file, digest in layers:
        try:
            if (str(resolve_profile_path(name, relative_to=Path(folder))) != file
                    or hashlib.sha256(Path(file).read_bytes()).digest() != digest):
                return None
        except (OSError, ProfileError):
            return None
    model = profile_model()
    profile = model.__new__(model)
    profile.__setstate__(state)
    return profile


def _to_disk(entry: str, profile: Profile, layers: list[Layer]) -> None:
    try:
        digests = [(name, folder, file, hashlib.sha256(Path(file).read_bytes()).digest())
                   for name, folder, file in layers]
    except OSError:
        return
    state = profile.__getstate__()
    fields = type(profile).model_fields
    # the fields and the private attributes (layers, places …); not values derived and memoised since
    state["__dict__"] = {key: value for key, value in state["__dict__"].items() if key in fields}
    _cache.store(entry, (digests, state))


def parse_profile(text: str, file: str) -> Profile:
    """Parse, layer and validate profile YAML text; every error names ``file`` (or the layer's), the line and
    the key path. Layers named by path are found relative to ``file``'s folder."""
    return parse_profile_document(text, file)[0]


def parse_profile_document(text: str, file: str) -> tuple[Profile, Document]:
    """``parse_profile``, also returning the document (with the line of every key) for static checks."""
    return _assemble(text, file, Path(file).parent, (str(Path(file).resolve()),))


@dataclass
class _Merged:
    """The layers merged so far, and where each rule's data sits (to name the line of an error)."""

    fields: dict[str, Any] = field(default_factory=lambda: {
        "instruments": {}, "vocabulary": {}, "facts": {}, "events": {}, "rules": {}, "coverage": {}, "notes": []})
    layers: dict[str, str] = field(default_factory=dict)
    disabled: dict[str, Disabled] = field(default_factory=dict)
    places: dict[str, tuple[Document, PathKey]] = field(default_factory=dict)
    documents: list[Document] = field(default_factory=list)
    chain: list[str] = field(default_factory=list)
    extended: list[Layer] = field(default_factory=list)


def _read(text: str, file: str) -> tuple[Profile, Document]:
    document = parse_yaml(text, file, ProfileError)
    if not isinstance(document.data, dict):
        raise ProfileError("a profile is a mapping with keys profile, city, instruments, rules", file=file, line=1)
    return document.validate(profile_model(), ProfileError), document


def _assemble(text: str, file: str, folder: Path, seen: tuple[str, ...],
              layers: list[Layer] | None = None) -> tuple[Profile, Document]:
    top, document = _read(text, file)
    merged = _Merged()
    _merge_bases(top, document, folder, seen, merged)
    if layers is not None:
        layers.extend(merged.extended)
    _merge(top, document, merged)
    fields = merged.fields
    data = {**fields, "profile": top.profile, "layer": top.layer, "extends": top.extends,
            "city": fields.get("city"), "precedence": fields.get("precedence"),
            "disable": {rule_id: entry.reason for rule_id, entry in merged.disabled.items()}}
    try:
        profile = profile_model().model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ProfileError(f"the merged layers do not form a valid profile: {format_path(first['loc'])}: "
                           f"{describe_error(first)}", file=file) from None
    profile._path = file
    profile._layers = merged.layers
    profile._disabled = merged.disabled
    profile._places = merged.places
    profile._chain = merged.chain
    if profile.layer == "city" and not profile.city:
        raise document.error(ProfileError, ("city",), "a city profile names its city (city:)")
    _check_references(profile, merged)
    return profile, document


def _merge_bases(top: Profile, document: Document, folder: Path, seen: tuple[str, ...], merged: _Merged) -> None:
    for index, name in enumerate(top.extends):
        try:
            path = resolve_profile_path(name, relative_to=folder)
        except ProfileError as exc:
            raise document.error(ProfileError, ("extends", index), exc.reason) from None
        merged.extended.append((name, str(folder), str(path)))
        key = str(path.resolve())
        if key in seen:
            raise document.error(ProfileError, ("extends", index), f"layers extend each other in a cycle: {name!r}")
        shown = display_path(path)
        base, base_document = _read(read_text(path, ProfileError), shown)
        _merge_bases(base, base_document, path.parent, (*seen, key), merged)
        _merge(base, base_document, merged)


def _merge(layer: Profile, document: Document, merged: _Merged) -> None:
    fields = merged.fields
    merged.documents.append(document)
    merged.chain.append(layer.profile)
    if layer.city:
        fields["city"] = layer.city
    if layer.precedence is not None:
        fields["precedence"] = layer.precedence
    fields["instruments"].update(layer.instruments)
    for name, codes in layer.vocabulary.items():
        fields["vocabulary"].setdefault(name, {}).update(codes)
    fields["facts"].update(layer.facts)
    fields["events"].update(layer.events)
    for instrument, articles in layer.coverage.items():
        fields["coverage"].setdefault(instrument, {}).update(articles)
    fields["notes"].extend(layer.notes)
    for rule_id, rule in layer.rules.items():
        fields["rules"][rule_id] = rule
        merged.layers[rule_id] = layer.profile
        merged.places[rule_id] = (document, ("rules", rule_id))
        merged.disabled.pop(rule_id, None)
    for rule_id, changes in layer.patch.items():
        where: PathKey = ("patch", rule_id)
        if rule_id not in fields["rules"]:
            raise document.error(ProfileError, where, f"no rule {rule_id!r} below this layer to patch"
                                 + _known(fields["rules"]))
        before = fields["rules"][rule_id].model_dump(mode="python", by_alias=True, exclude_unset=True)
        try:
            after = _deep_merge(before, changes)
        except ValueError as exc:
            raise document.error(ProfileError, where, str(exc)) from None
        patched = Document({"profile": layer.profile, "rules": {rule_id: after}},
                           document.file, {("rules", rule_id, *path[2:]): line for path, line in document.lines.items()
                                           if path[:2] == where})
        rule = patched.validate(profile_model(), ProfileError).rules[rule_id]
        fields["rules"][rule_id] = rule
        merged.layers[rule_id] = layer.profile
        merged.places[rule_id] = (patched, ("rules", rule_id))
    for rule_id, reason in layer.disable.items():
        if rule_id not in fields["rules"]:
            raise document.error(ProfileError, ("disable", rule_id), f"no rule {rule_id!r} below this layer to "
                                 "disable" + _known(fields["rules"]))
        del fields["rules"][rule_id]
        merged.layers.pop(rule_id, None)
        merged.disabled[rule_id] = Disabled(layer=layer.profile, reason=reason)


def _known(rules: Mapping[str, Any]) -> str:
    names = list(rules)
    if not names:
        return ""
    return f" (rules: {', '.join(names[:12])}{'…' if len(names) > 12 else ''})"


def _deep_merge(base: Any, changes: Any) -> Any:
    """Mappings merge key by key (``null`` removes a key); a list is patched by index (``{1: {…}}``; the index one
    past the end appends); anything else is replaced."""
    if isinstance(base, list) and isinstance(changes, dict) and all(str(key).isdigit() for key in changes):
        items = list(base)
        for key, value in sorted(changes.items(), key=lambda pair: int(pair[0])):
            index = int(key)
            if index < len(items):
                items[index] = _deep_merge(items[index], value)
            elif index == len(items):
                items.append(copy.deepcopy(value))
            else:
                raise ValueError(f"index {index} is past the end of a list of {len(items)}")
        return items
    if not isinstance(base, dict) or not isinstance(changes, dict) or _replaces(base, changes):
        return copy.deepcopy(changes)
    result = dict(base)
    for key, value in changes.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = _deep_merge(result.get(key), value)
    return result


def _replaces(base: dict[str, Any], changes: dict[str, Any]) -> bool:
    """A condition, or a value of another tag (a period of another unit), is replaced whole, never merged."""
    if condition_tag(base) is not None or condition_tag(changes) is not None:
        return True
    return any(key in base and key in changes and base[key] != changes[key] for key in ("unit", "kind"))


def _check_references(profile: Profile, merged: _Merged) -> None:
    """Every citation names a known instrument; each kind checks the references of its rules."""
    for rule_id, rule in profile.rules.items():
        document, base = merged.places.get(rule_id, (merged.documents[-1], ("rules", rule_id)))
        if rule.citation.instrument not in profile.instruments:
            raise document.error(ProfileError, (*base, "citation", "instrument"),
                                 f"unknown instrument {rule.citation.instrument!r}; "
                                 f"expected one of {', '.join(profile.instruments)}")
        for path, message in kind_of(rule).check(profile, rule_id, rule):
            raise document.error(ProfileError, (*base, *path), message)
    _check_instruments(profile, merged)


def _check_instruments(profile: Profile, merged: _Merged) -> None:
    ranks = profile.precedence.ranks if profile.precedence else []
    for key, instrument in profile.instruments.items():
        if instrument.rank is not None and instrument.rank not in ranks:
            document = next((d for d in reversed(merged.documents) if key in (d.data.get("instruments") or {})),
                            merged.documents[-1])
            raise document.error(ProfileError, ("instruments", key, "rank"),
                                 f"unknown rank {instrument.rank!r}; precedence.ranks: {', '.join(ranks) or 'none'}")
