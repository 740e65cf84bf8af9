"""Reading YAML/JSON input documents with the line of every key, and locating validation errors.

The YAML loader is a private ``SafeLoader`` subclass: YAML 1.1's ``yes/no/on/off`` booleans are
switched off (the case format has a key ``on``), duplicate keys are errors, and PyYAML's global
state is never touched.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, TypeVar

import yaml
from pydantic import BaseModel, BeforeValidator, ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ._beijing import in_beijing
from ._errors import _LocatedError
from ._model_keys import keys_at

PathKey = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)
_MAX_NODES = 200_000
_MAX_ERRORS = 10
_BOOL_TAG = "tag:yaml.org,2002:bool"


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans only (``on:`` stays a string key)."""

    yaml_implicit_resolvers = {  # noqa: RUF012 - PyYAML's own class attribute, replaced not mutated
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL_TAG]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


_Loader.add_implicit_resolver(_BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def format_path(path: Iterable[str | int]) -> str:
    """``("rules", "case_handling", "period")`` → ``rules.case_handling.period``; indices as ``[0]``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            shown = str(part) if part != "" else '""'
            text += f".{shown}" if text else shown
    return text


@dataclass
class Document:
    """Plain data read from a file, with the 1-based line of every key path."""

    data: Any
    file: str
    lines: dict[PathKey, int] = field(default_factory=dict)

    def line_of(self, path: Sequence[str | int]) -> int | None:
        """The line of the longest prefix of ``path`` that the document holds."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None

    def error(self, cls: type[_LocatedError], path: Sequence[str | int], message: str) -> _LocatedError:
        return cls(message, file=self.file, line=self.line_of(path), key=format_path(path) or None)

    def validate(self, model: type[M], cls: type[_LocatedError], *, context: dict[str, Any] | None = None) -> M:
        """Validate the data into ``model``; the first error becomes ``cls`` with file, line and key."""
        try:
            return model.model_validate(self.data, context=context)
        except ValidationError as exc:
            raise self._convert(exc, cls, model) from None

    def _convert(self, exc: ValidationError, cls: type[_LocatedError], model: type[BaseModel]) -> _LocatedError:
        """The error that explains the most first — an unknown key with a did-you-mean (a misspelt key also
        makes its right spelling missing) — then the others by line; every error named, up to 10."""
        found: list[tuple[bool, int, PathKey, str]] = []
        for err in exc.errors():
            path = self._data_path(err["loc"])
            if err["type"] in {"union_tag_invalid", "union_tag_not_found"}:
                path = (*path, str(err["ctx"]["discriminator"]).strip("'"))
            message = describe_error(err)
            hinted = False
            if err["type"] == "extra_forbidden":
                allowed = allowed_keys(model, self.data, path[:-1]) or keys_at(model, err["loc"][:-1])
                close = difflib.get_close_matches(str(path[-1]), allowed, n=1) if allowed else []
                if close:
                    message += f" (did you mean {close[0]!r}?)"
                    hinted = True
                elif allowed:
                    message += f"; expected one of {', '.join(allowed)}"
            found.append((not hinted, self.line_of(path) or 0, path, message))
        found.sort(key=lambda item: item[:2])
        _, _, path, message = found[0]
        others = found[1:_MAX_ERRORS]
        if others:
            listed = "; ".join(f"line {line}: {format_path(where) or '(top)'}: {text}" if line else
                               f"{format_path(where) or '(top)'}: {text}" for _, line, where, text in others)
            more = len(found) - 1
            message += f"; {more} more error{'s' if more > 1 else ''}: {listed}"
            if len(found) > _MAX_ERRORS:
                message += f"; and {len(found) - _MAX_ERRORS} more"
        return self.error(cls, path, message)

    def _data_path(self, loc: Sequence[str | int]) -> PathKey:
        """Drop the parts of a pydantic location that are union tags, not keys of the data."""
        path: list[str | int] = []
        node = self.data
        for position, part in enumerate(loc):
            if isinstance(node, Mapping) and part in node:
                node = node[part]
                path.append(part)
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                node = node[part]
                path.append(part)
            elif position == len(loc) - 1 and not isinstance(part, int):
                path.append(part)  # a missing or unknown key: name it
        return tuple(path)


def allowed_keys(model: type[BaseModel], data: Any, path: Sequence[str | int]) -> list[str]:
    """The keys the model accepts at ``path`` of ``data`` (following lists, dicts and tagged unions)."""
    annotation: Any = model
    node = data
    for part in [*path, None]:
        annotation = _unwrap(annotation, node)
        if part is None:
            break
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = annotation.model_fields.get(str(part))
            if field is None:
                return []
            annotation = field.annotation
        elif typing.get_origin(annotation) in {list, dict}:
            annotation = typing.get_args(annotation)[-1]
        else:
            return []
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            node = None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [field.alias or name for name, field in annotation.model_fields.items()]
    return []


def _unwrap(annotation: Any, node: Any) -> Any:
    """Strip Annotated/Optional; pick the member of a tagged union that the data's tag names."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in {typing.Union, types.UnionType}:
            members = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            models = [m for m in members if isinstance(m, type) and issubclass(m, BaseModel)]
            if len(members) == 1:
                annotation = members[0]
            elif models and isinstance(node, Mapping):
                annotation = next((m for m in models if _tag_matches(m, node)), models[0])
            else:
                return annotation
        else:
            return annotation


def _tag_matches(model: type[BaseModel], node: Mapping[str, Any]) -> bool:
    for key in ("kind", "type", "unit"):
        field = model.model_fields.get(key)
        if field is not None and key in node:
            return node[key] in typing.get_args(field.annotation)
    return False


def describe_error(err: Any) -> str:  # noqa: PLR0911 - one return per kind of error reads best
    """One short sentence for a pydantic error, in the words an analyst uses."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "extra_forbidden":
        return f"unknown key {err['loc'][-1]!r}"
    if kind == "union_tag_invalid":
        expected = re.sub(r"'([^']*)'", r"\1", str(ctx.get("expected_tags", "")))
        return f"expected one of {expected}; got {ctx.get('tag')!r}"
    if kind in {"missing", "union_tag_not_found"}:
        return "missing required key"
    if kind in {"literal_error", "enum"}:
        expected = re.sub(r"'([^']*)'", r"\1", str(ctx.get("expected", ""))).replace(" or ", ", ")
        return f"expected one of {expected}; got {err.get('input')!r}"
    if kind in {"date_from_datetime_parsing", "date_parsing", "date_type", "date_from_datetime_inexact"}:
        return f"expected a date YYYY-MM-DD; got {err.get('input')!r}"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    return f"{err['msg'][0].lower()}{err['msg'][1:]}"


def read_text(path: Path, cls: type[_LocatedError]) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise cls(f"cannot read file: {exc.strerror or exc}", file=str(path)) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise cls(f"not UTF-8 text (byte {exc.start})", file=str(path)) from None


def parse_yaml(text: str, file: str, cls: type[_LocatedError]) -> Document:
    """Parse one YAML document into plain data with the line of every key; errors become ``cls``."""
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            document = Document(None, file)
            if node is not None:
                builder = _Builder(loader, document, cls)
                document.data = builder.build(node, ())
            return document
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise cls(f"invalid YAML: {problem}", file=file, line=line) from None
    except yaml.YAMLError as exc:
        raise cls(f"invalid YAML: {exc}", file=file) from None
    except RecursionError:
        raise cls("invalid YAML: nested too deeply", file=file) from None


class _Builder:
    """Turns a composed node tree into plain data, recording lines and refusing duplicate keys."""

    def __init__(self, loader: _Loader, document: Document, cls: type[_LocatedError]) -> None:
        self.loader = loader
        self.document = document
        self.cls = cls
        self.count = 0
        self.stack: set[int] = set()

    def fail(self, node: Node, path: PathKey, message: str) -> _LocatedError:
        return self.cls(message, file=self.document.file, line=node.start_mark.line + 1,
                        key=format_path(path) or None)

    def build(self, node: Node, path: PathKey) -> Any:
        self.count += 1
        if self.count > _MAX_NODES:
            raise self.fail(node, path, f"document too large (over {_MAX_NODES} nodes after aliases)")
        self.document.lines.setdefault(path, node.start_mark.line + 1)
        if id(node) in self.stack:
            raise self.fail(node, path, "recursive alias")
        self.stack.add(id(node))
        try:
            if isinstance(node, MappingNode):
                return self._mapping(node, path)
            if isinstance(node, SequenceNode):
                return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
            return self._scalar(node, path)
        finally:
            self.stack.discard(id(node))

    def _mapping(self, node: MappingNode, path: PathKey) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise self.fail(key_node, path, "a key must be a plain scalar")
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self.fail(key_node, path, "merge keys ('<<') are not supported: write the keys out")
            key = self._scalar(key_node, path)
            if isinstance(key, int | float | bool) or key is None:
                key = key_node.value
            line = key_node.start_mark.line + 1
            if key in result:
                what = "duplicate rule id" if path == ("rules",) else "duplicate key"
                raise self.fail(key_node, (*path, key),
                                f"{what} {key!r} (first at line {first_line[key]})")
            first_line[key] = line
            self.document.lines[(*path, key)] = line
            result[key] = self.build(value_node, (*path, key))
        return result

    def _scalar(self, node: Node, path: PathKey) -> Any:
        try:
            return self.loader.construct_object(node, deep=True)
        except ValueError:
            raise self.fail(node, path, f"expected a date YYYY-MM-DD; got {node.value!r}") from None
        except yaml.constructor.ConstructorError as exc:
            raise self.fail(node, path, f"invalid value: {exc.problem}") from None


# -- dates in input documents: ISO text or a YAML date, never a timestamp or a date-time -----------

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$")
_DATETIME_FORM = "YYYY-MM-DDTHH:MM[:SS] (Beijing time), or with a zone (Z, +08:00)"


def _iso_date(value: Any) -> Any:
    if type(value) is str:  # the common case first: JSON input
        if len(value) == 10 and value[4] == "-" and value[7] == "-" and _DATE.match(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                raise ValueError(f"expected a date YYYY-MM-DD; got {value!r} (no such day)") from None
        raise ValueError(f"expected a date YYYY-MM-DD; got {value!r}")
    if isinstance(value, dt.datetime):
        raise ValueError(  # noqa: TRY004 - pydantic turns a ValueError into a located error
            f"expected a date YYYY-MM-DD, not a date and time: {value.isoformat()}")
    if isinstance(value, dt.date):
        return value
    raise ValueError(f"expected a date YYYY-MM-DD; got {value!r}")


def _iso_datetime(value: Any) -> Any:
    """A date-time in Beijing time (SPEC §5): one with a zone (``Z``, ``+08:00`` …) is converted to
    Asia/Shanghai, one without is Beijing time already; the result is naive Beijing wall time."""
    if isinstance(value, dt.datetime):  # YAML timestamps: PyYAML gives an aware datetime when a zone is written
        return in_beijing(value)
    if isinstance(value, str) and _DATETIME.match(value):
        try:
            return in_beijing(dt.datetime.fromisoformat(value))
        except ValueError:
            raise ValueError(f"expected a date and time {_DATETIME_FORM}; got {value!r}") from None
    raise ValueError(f"expected a date and time {_DATETIME_FORM}; got {value!r}")


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
LocalDateTime = Annotated[dt.datetime, BeforeValidator(_iso_datetime)]
