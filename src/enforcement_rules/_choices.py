"""The closed sets of words the command line offers as choices, in a module that imports nothing heavy:
``enforcement-rules --help`` builds its parser from them without loading a model (issue 10, cold start).
The modules that give the words their meaning import them from here."""

from __future__ import annotations

from typing import Literal

Policy = Literal["strict", "weekends"]
POLICIES: tuple[Policy, ...] = ("strict", "weekends")
"""Calendar coverage policies (C10): ``strict`` refuses a year not loaded; ``weekends`` assumes Monday–Friday."""

Language = Literal["zh", "en"]
LANGUAGES: tuple[Language, ...] = ("zh", "en")
"""Languages of an explanation: ``zh`` (the law's own) and ``en``."""

SchemaKind = Literal["profile", "case", "scenario", "calendar", "report", "deadline"]
SCHEMA_KINDS: tuple[SchemaKind, ...] = ("calendar", "case", "deadline", "profile", "report", "scenario")
"""The file kinds ``enforcement-rules schema`` describes (``schemas/KIND.schema.json``)."""
