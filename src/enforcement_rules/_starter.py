"""``enforcement-rules init PROFILE_NAME``: a minimal starter profile (one instrument, one deadline rule) whose
``$schema`` line points at the installed profile schema, so an editor checks it from the first keystroke."""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any

from ._errors import InvalidInputError

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")

STARTER = """\
# yaml-language-server: $schema={schema}
# {name}: a starter profile. Replace every placeholder with the instrument's own words, quoted verbatim from the
# source text (README 'Adding a city'); then `enforcement-rules validate {name}.yaml`.
profile: {name}
city: 某市
instruments:
  {name}_main:
    title: 某市行政执法监督办法
    document_number: null
    issued_on: null
    effective_from: 2026-01-01
    effective_until: null
    status: in_force
    source: {name}.txt
    notes:
      - 占位：填写文件来源、公布和施行日期。
rules:
  example_deadline:
    kind: deadline
    title: 占位：期限规则的简短中文名称
    citation: {{instrument: {name}_main, article: 第一条}}
    text: 占位：逐字引用该条原文。
    trigger: 占位：期限的起算事件
    period: {{unit: days, amount: 30}}
    events: {{start: corrective_document_received, done: corrected, documents: [opinion]}}
"""


def starter_profile(name: str) -> str:
    """The starter profile's text for ``name`` (a lower-case identifier)."""
    if not _NAME.match(name):
        raise InvalidInputError(f"PROFILE_NAME: expected a lower-case name such as my_city; got {name!r}")
    from ._schemas import schemas_dir  # noqa: PLC0415 - the models load only when a starter is written

    schema = (schemas_dir() / "profile.schema.json").resolve().as_uri()
    return STARTER.format(name=name, schema=schema)


def _cmd_init(args: argparse.Namespace) -> int:
    target = Path(args.directory) / f"{args.name}.yaml"
    text = starter_profile(args.name)
    if target.exists():
        raise InvalidInputError(f"{target}: already exists; not overwritten")
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InvalidInputError(f"{target}: cannot write: {exc.strerror or exc}") from None
    print(f"wrote {target}: one instrument, one deadline rule; edit it, then enforcement-rules validate {target}")
    return 0


def add_init_command(commands: Any) -> None:
    sub = commands.add_parser("init", help="write a starter profile PROFILE_NAME.yaml with a working $schema line")
    sub.add_argument("name", metavar="PROFILE_NAME", help="the new profile's name (lower case, e.g. my_city)")
    sub.add_argument("--directory", default=".", metavar="DIR", help="where to write it (default: here)")
    sub.set_defaults(run=_cmd_init)
