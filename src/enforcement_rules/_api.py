"""The public entry points that take outside data: a case from text, bytes, a mapping or a file."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from ._case import Case, case_from_data, load_case
from ._documents import parse_yaml
from ._errors import CaseError

ReportStatus = Literal["ok", "not_in_force"]
"""``Report.status``: ``not_in_force`` only when no rule of the profile applies to anything in the case."""


def parse_case(source: Mapping[str, Any] | str | bytes | os.PathLike[str]) -> Case:
    """A ``Case`` from a mapping (parsed JSON), JSON or YAML text (``str`` or UTF-8 ``bytes``), or a file
    (a ``pathlib.Path``: a ``str`` is always text, never a path). Invalid input raises ``CaseError``
    naming the line and the key path."""
    if isinstance(source, Mapping):
        return case_from_data(dict(source))
    if isinstance(source, os.PathLike):
        return load_case(Path(source))
    if isinstance(source, bytes):
        try:
            source = source.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CaseError(f"not UTF-8 text (byte {exc.start})", file="<case>") from None
    if isinstance(source, str):
        document = parse_yaml(source, "<case>", CaseError)
        if isinstance(document.data, str) and "\n" not in source.strip():
            raise CaseError("a case is a mapping; to read a file, pass a pathlib.Path, not a str",
                            file="<case>", line=1)
        return case_from_data(document.data, file="<case>", lines=document.lines)
    raise TypeError(f"parse_case takes a mapping, JSON or YAML text (str or bytes) or a pathlib.Path; "
                    f"got {type(source).__name__}")
