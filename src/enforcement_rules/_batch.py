"""The batch contract: one JSON case per input line in, one record per line out; a batch never dies.

Reading follows the JSON-lines convention:
- the input is bytes; a line ends at LF, and a CR just before the LF is dropped (CRLF); a bare CR inside
  a line is not a line break (between JSON tokens it is whitespace, inside a string it is an error of
  that line);
- a UTF-8 byte-order mark at the very start is dropped, for a file and for standard input alike;
- blank lines are skipped and give no record; every other line gives exactly one record, numbered by
  its physical line;
- a line longer than ``Limits.max_line_bytes`` is an error record, skipped without being held in memory.

Every step of a line — decoding it as UTF-8, parsing the JSON, validating the case, checking its limits
and evaluating it — runs inside that line's error boundary: any exception, expected or not, becomes the
line's error record (keeping the case id when the line could be read that far).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from ._calendar import Calendar, national_calendar
from ._case import case_from_data, checked
from ._choices import Language
from ._documents import parse_json
from ._errors import CaseError, EvaluationError, RulesError
from ._limits import DEFAULT_LIMITS, Limits
from ._loader import load_profile
from ._profile import Profile
from ._report import Report

_BOM = b"\xef\xbb\xbf"
_SKIP_CHUNK = 1 << 16
_MAX_SKIPPED_LINES = 16
"""An over-long line is skipped up to this many times ``max_line_bytes``; past that the input is not
JSON lines at all (``/dev/zero``) and the batch stops with an error instead of reading forever."""


@dataclass(frozen=True)
class BatchResult:
    """One line of a batch: its number, and either a report or the error that line raised."""

    line: int
    case_id: str | None
    report: Report | None = None
    error: RulesError | None = None


@dataclass(frozen=True)
class _Overlong:
    size: int


def split_lines(source: BinaryIO | Iterable[bytes] | Iterable[str], limits: Limits = DEFAULT_LIMITS,
                file: str = "<stdin>") -> Iterator[bytes | str | _Overlong]:
    """The lines of ``source`` (a binary stream, or an iterable of lines), without their line breaks."""
    if isinstance(source, io.BufferedIOBase | io.RawIOBase):
        yield from _read_lines(source, limits, file)
        return
    for item in source:
        if len(item) > limits.max_line_bytes + 2:
            yield _Overlong(len(item))
        else:
            yield item.rstrip(b"\r\n") if isinstance(item, bytes) else item.rstrip("\r\n")


def _read_lines(stream: BinaryIO | io.BufferedIOBase | io.RawIOBase, limits: Limits,
                file: str) -> Iterator[bytes | _Overlong]:
    limit = limits.max_line_bytes
    while True:
        chunk = stream.readline(limit + 2)
        if not chunk:
            return
        if chunk.endswith(b"\n") or len(chunk) <= limit:
            yield chunk.rstrip(b"\n").removesuffix(b"\r")
            continue
        size = len(chunk)
        while not chunk.endswith(b"\n"):
            if size > _MAX_SKIPPED_LINES * limit:
                raise CaseError(f"a line of more than {size} bytes with no line break: not JSON lines "
                                f"(the limit per line is {limit} bytes)", file=file)
            chunk = stream.readline(_SKIP_CHUNK)
            if not chunk:
                break
            size += len(chunk)
        yield _Overlong(size - chunk.endswith(b"\n") - chunk.endswith(b"\r\n"))


def evaluate_many(profile: Profile | str, lines: BinaryIO | Iterable[bytes] | Iterable[str], *, as_of: dt.date,
                  calendar: Calendar | None = None, file: str = "<stdin>",
                  limits: Limits = DEFAULT_LIMITS, language: Language = "zh") -> Iterator[BatchResult]:
    """Evaluate a JSONL stream lazily (a binary stream, or lines as bytes or text): one result per non-blank
    line, in order; a bad line yields its error and the batch goes on. ``language``: of the explanations."""
    profile = profile if isinstance(profile, Profile) else load_profile(profile)
    calendar = calendar or national_calendar()
    for number, item in enumerate(split_lines(lines, limits, file), start=1):
        result = _line(profile, item, number, as_of=as_of, calendar=calendar, file=file, limits=limits,
                       language=language)
        if result is not None:
            yield result


def _line(profile: Profile, item: bytes | str | _Overlong, number: int, *, as_of: dt.date, calendar: Calendar,
          file: str, limits: Limits, language: Language = "zh") -> BatchResult | None:
    """One line inside its error boundary: ``None`` for a blank line, else its record."""
    case_id = None
    try:
        text = line_text(item, number, file, limits)
        if not text.strip():
            return None
        data = parse_json(text, file, CaseError, limits, line=number)
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            case_id = data["id"]
        case = checked(case_from_data(data, file=file, line=number, context=profile.case_context), limits, file=file,
                       line_of=lambda _: number)
        report = _evaluate._evaluate(profile, case, as_of, calendar, skip_unknown_obligations=False,
                                     language=language)
    except CaseError as exc:
        if exc.line is None:
            exc = CaseError(exc.reason, file=file, line=number, key=exc.key)
        return BatchResult(number, case_id, error=exc)
    except RulesError as exc:
        return BatchResult(number, case_id, error=exc)
    except Exception as exc:  # the batch contract: any failure is this line's record
        return BatchResult(number, case_id, error=EvaluationError(exc, file=file, line=number))
    return BatchResult(number, case_id, report=report)


def line_text(item: bytes | str | _Overlong, number: int, file: str, limits: Limits) -> str:
    """The text of one line from ``split_lines``; an over-long or non-UTF-8 line is a ``CaseError``."""
    if isinstance(item, _Overlong):
        raise CaseError(f"a line of {item.size} bytes is over the limit of {limits.max_line_bytes} bytes",
                        file=file, line=number)
    if isinstance(item, bytes):
        if number == 1:
            item = item.removeprefix(_BOM)
        try:
            return item.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CaseError(f"not UTF-8 text (byte {exc.start + 1} of the line)", file=file, line=number) from None
    return item.removeprefix("\ufeff") if number == 1 else item


# Last: ``_evaluate`` imports this module's names back (``BatchResult``), so either may be imported first.
from . import _evaluate  # noqa: E402
