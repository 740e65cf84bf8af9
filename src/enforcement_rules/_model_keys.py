"""The keys a model accepts at a pydantic error location (for a did-you-mean), through lists, dicts, optionals
and tagged unions — plain or callable discriminators, whose tag is part of the location."""

from __future__ import annotations

import types
import typing
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, Tag


def keys_at(model: type[BaseModel], loc: Sequence[str | int]) -> list[str]:
    """The keys (aliases where set) of the model found at ``loc``, or ``[]`` when there is none."""
    annotation: Any = model
    parts = list(loc)
    while True:
        annotation = _strip(annotation)
        if typing.get_origin(annotation) in {typing.Union, types.UnionType}:
            members = [m for m in typing.get_args(annotation) if m is not type(None)]
            if len(members) == 1:
                annotation = members[0]
                continue
            if not parts:
                return []
            chosen = next((m for m in members if _tag(m) == parts[0]), None)
            if chosen is None:
                return []
            parts.pop(0)
            annotation = chosen
            continue
        if not parts:
            break
        part = parts.pop(0)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = annotation.model_fields.get(str(part))
            if field is None:
                return []
            annotation = field.annotation
        elif typing.get_origin(annotation) in {list, dict}:
            annotation = typing.get_args(annotation)[-1]
        else:
            return []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [field.alias or name for name, field in annotation.model_fields.items()]
    return []


def _strip(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _tag(member: Any) -> str | None:
    """A union member's tag: its ``Tag`` metadata, else its model's name (pydantic's location for it)."""
    if typing.get_origin(member) is typing.Annotated:
        for meta in typing.get_args(member)[1:]:
            if isinstance(meta, Tag):
                return meta.tag
        return _tag(typing.get_args(member)[0])
    if isinstance(member, type) and issubclass(member, BaseModel):
        type_field = member.model_fields.get("type") or member.model_fields.get("kind")
        if type_field is not None and typing.get_origin(type_field.annotation) is typing.Literal:
            (value, *_) = typing.get_args(type_field.annotation)
            return str(value)
        return member.__name__
    return None
