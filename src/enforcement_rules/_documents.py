"""Reading YAML/JSON input documents with the line of every key, and locating validation errors.

The YAML loader is a private ``SafeLoader`` subclass reading YAML 1.2's core schema: YAML 1.1's
``yes/no/on/off`` booleans, base-60 numbers (``22:00`` is the string "22:00", not 1320), ``0b``
binaries, leading-zero octals and ``1_000`` are switched off; duplicate keys are errors, and PyYAML's
global state is never touched. ``.json`` files and JSON lines are read by a JSON parser instead
(``parse_json``): tabs allowed, duplicate keys rejected. Both are bounded by ``Limits``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    GetCoreSchemaHandler,
    GetPydanticSchema,
    ValidationError,
    WithJsonSchema,
)
from pydantic_core import core_schema

from ._beijing import in_beijing
from ._errors import _LocatedError
from ._limits import DEFAULT_LIMITS, Limits
from ._model_keys import keys_at

PathKey = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)
_MAX_ERRORS = 10
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


def parse_path(text: str) -> PathKey:
    """``obligations[0].rule`` → ``("obligations", 0, "rule")``: the inverse of ``format_path``."""
    return tuple(int(part[1:-1]) if part.startswith("[") else part
                 for part in re.findall(r"\[\d+\]|[^.\[\]]+", text))


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
                import difflib  # noqa: PLC0415 - only for a misspelt key (cold start)

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
    if kind == ISO_DATE_ERROR:
        try:
            _iso_date(err.get("input"))
        except ValueError as exc:
            return str(exc)
    if kind in {"date_from_datetime_parsing", "date_parsing", "date_type", "date_from_datetime_inexact"}:
        return f"expected a date YYYY-MM-DD; got {err.get('input')!r}"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    return f"{err['msg'][0].lower()}{err['msg'][1:]}"


def read_bytes(path: Path, cls: type[_LocatedError], limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The bytes of one input file, refused before reading when over ``limits.max_file_bytes`` (and never
    more than that read from a device or a pipe: ``/dev/zero`` is refused, not read forever)."""
    limit = limits.max_file_bytes
    try:
        stream = path.open("rb")
    except OSError as exc:
        raise cls(f"cannot read file: {exc.strerror or exc}", file=str(path)) from None
    except ValueError:  # a NUL in the name
        raise cls("cannot read file: no such file", file=str(path)) from None
    with stream:
        try:
            info = os.fstat(stream.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise cls("cannot read file: it is a directory", file=str(path))
            if stat.S_ISREG(info.st_mode) and info.st_size > limit:
                raise cls(f"file of {info.st_size} bytes is over the limit of {limit} bytes", file=str(path))
            raw = stream.read(limit + 1)
        except OSError as exc:
            raise cls(f"cannot read file: {exc.strerror or exc}", file=str(path)) from None
    if len(raw) > limit:
        raise cls(f"input is over the limit of {limit} bytes", file=str(path))
    return raw


def decode(raw: bytes, file: str, cls: type[_LocatedError], line: int | None = None) -> str:
    """UTF-8 text, a leading byte-order mark dropped; anything else is ``cls`` naming the byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        where = "" if line is not None else f"line {raw.count(_LF, 0, exc.start) + 1}, "
        raise cls(f"not UTF-8 text ({where}byte {exc.start})", file=file, line=line) from None


def read_text(path: Path, cls: type[_LocatedError], limits: Limits = DEFAULT_LIMITS) -> str:
    return decode(read_bytes(path, cls, limits), str(path), cls)


_LF = b"\n"


class _Duplicated(dict[str, Any]):
    """A JSON object in which a key occurred twice (the last value kept); ``check_tree`` reports it."""

    duplicate: str = ""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) == len(pairs):
        return result
    seen: set[str] = set()
    marked = _Duplicated(result)
    for key, _ in pairs:
        if key in seen:
            marked.duplicate = key
            break
        seen.add(key)
    return marked


class _NumberError(ValueError):
    pass


def parse_json(text: str, file: str, cls: type[_LocatedError], limits: Limits = DEFAULT_LIMITS,
               line: int | None = None) -> Any:
    """Strict JSON (RFC 8259: no NaN, no duplicate keys) within ``limits``; errors become ``cls``.

    ``line`` is the line of a JSON-lines record; without it, errors name the line within ``text``."""
    digits = limits.max_int_digits

    def line_of(value: str) -> int | None:
        where = text.find(value)
        return text.count("\n", 0, where) + 1 if where >= 0 else None

    def parse_int(value: str) -> int:
        if len(value) - (value[0] == "-") > digits:
            raise _NumberError(f"an integer of {len(value)} digits is over the limit of {digits}", line_of(value))
        return int(value)

    def parse_constant(value: str) -> Any:
        raise _NumberError(f"{value} is not a JSON number", line_of(value))

    # Every value but the first follows a ',' or opens a collection: more separators than the limit allows is
    # refused before the parser builds millions of objects (a long text full of ',' may be refused too).
    if text.count(",") + text.count("[") + text.count("{") >= limits.max_nodes:
        raise cls(f"document too large (over {limits.max_nodes} values)", file=file, line=line)
    try:
        data = json.loads(text, object_pairs_hook=_pairs, parse_int=parse_int, parse_constant=parse_constant)
    except json.JSONDecodeError as exc:
        raise cls(f"invalid JSON: {exc.msg} (column {exc.colno})", file=file,
                  line=line if line is not None else exc.lineno) from None
    except _NumberError as exc:
        raise cls(str(exc.args[0]), file=file, line=line if line is not None else exc.args[1]) from None
    except RecursionError:
        raise cls(f"nested deeper than {limits.max_depth} levels", file=file, line=line) from None
    problem = check_tree(data, limits)
    if problem is not None:
        path, message = problem
        raise cls(message, file=file, line=line if line is not None else _json_line(text, file, path),
                  key=format_path(path) or None)
    return data


_LOCATE_MAX = 64 * 1024


def _json_line(text: str, file: str, path: PathKey) -> int | None:
    """The line of ``path`` in a JSON text that broke a limit, found by the YAML reader (which stops at the
    same place: a repeated key, too many keys, too deep); only for texts up to 64 KiB, to stay fast."""
    if len(text) > _LOCATE_MAX:
        return None
    try:
        document = parse_yaml(text.replace("\t", " "), file, _LocatedError)
    except _LocatedError as exc:
        return exc.line
    return document.line_of(path)


def check_tree(data: Any, limits: Limits) -> tuple[PathKey, str] | None:
    """The first place (in document order) where plain data breaks ``limits`` or repeats a key."""
    stack: list[tuple[Any, PathKey]] = [(data, ())]
    count = 0
    while stack:
        node, path = stack.pop()
        count += 1
        if count > limits.max_nodes:
            return path, f"document too large (over {limits.max_nodes} values)"
        if isinstance(node, dict):
            children: list[tuple[Any, PathKey]] = [(value, (*path, key)) for key, value in node.items()]
            if isinstance(node, _Duplicated):
                return (*path, node.duplicate), f"duplicate key {node.duplicate!r}"
            if len(node) > limits.max_keys:
                return path, f"{len(node)} keys in one mapping, over the limit of {limits.max_keys}"
        elif isinstance(node, list):
            children = [(value, (*path, index)) for index, value in enumerate(node)]
        else:
            continue
        if len(path) >= limits.max_depth:
            return path, f"nested deeper than {limits.max_depth} levels"
        stack.extend(reversed(children))
    return None


def json_lines(text: str, file: str) -> dict[PathKey, int]:
    """The line of every key of a valid JSON document, for error messages only (best effort, via the YAML
    reader: valid JSON is YAML once its tabs, which JSON allows only as whitespace, are spaces)."""
    try:
        return parse_yaml(text.replace("\t", " "), file, _LocatedError).lines
    except _LocatedError:
        return {}


def parse_yaml(text: str, file: str, cls: type[_LocatedError], limits: Limits = DEFAULT_LIMITS) -> Document:
    """Parse one YAML document into plain data with the line of every key; errors become ``cls``.

    (The reader is ``_yaml_reader``: PyYAML loads when a YAML text is first read, not with the models.)"""
    from ._yaml_reader import parse_yaml as parse  # noqa: PLC0415 - lazy (cold start, issue 10)

    return parse(text, file, cls, limits)


# -- dates in input documents: ISO text or a YAML date, never a timestamp or a date-time -----------

_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$")
_DATETIME_FORM = "YYYY-MM-DDTHH:MM[:SS] (Beijing time), or with a zone (Z, +08:00)"


def _iso_date(value: Any) -> Any:
    """The rule of an input date, and the words of a refusal: ``IsoDate`` applies the same rule in pydantic-core
    (``_iso_date_schema``) and asks this function only for the words."""
    if type(value) is str:
        # YYYY-MM-DD in ASCII digits: the only 10-character form with '-' at 4 and 7 that fromisoformat reads (it
        # takes no other digits); what it refuses is told apart only then
        if len(value) == 10 and value[4] == "-" and value[7] == "-" and value.isascii():
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                if value[:4].isdigit() and value[5:7].isdigit() and value[8:].isdigit():
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


def _iso_date_schema(_source: Any, _handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
    """``_iso_date``'s rule in pydantic-core's own validators, with no Python call per date (several per case,
    millions of cases): ISO text is matched by a pattern of ASCII digits, then read as a date (a lax date read of
    ``YYYY-MM-DD`` text and nothing else: no timestamp, no date-time); a date object is taken as it is, a
    date-time refused. Any refusal is one ``iso_date`` error, and ``describe_error`` asks ``_iso_date`` itself
    for its words, so the message is the same as ever (tests/test_iso_dates.py holds the two to one another)."""
    text = core_schema.chain_schema([core_schema.str_schema(pattern=_ISO_DATE_TEXT, strict=True),
                                     core_schema.date_schema(strict=False)])
    either = core_schema.json_or_python_schema(
        json_schema=text, python_schema=core_schema.union_schema([text, core_schema.date_schema(strict=True)],
                                                                 mode="left_to_right"))
    return core_schema.custom_error_schema(either, custom_error_type=ISO_DATE_ERROR,
                                           custom_error_message="expected a date YYYY-MM-DD")


_ISO_DATE_TEXT = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
ISO_DATE_ERROR = "iso_date"

IsoDate = Annotated[dt.date, GetPydanticSchema(_iso_date_schema), WithJsonSchema({"type": "string", "format": "date"})]
LocalDateTime = Annotated[dt.datetime, BeforeValidator(_iso_datetime)]
