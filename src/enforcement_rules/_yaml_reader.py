"""Reading YAML into plain data with the line of every key (``_documents.parse_yaml``), in a module of its own
so that PyYAML loads only when a YAML text is read: a cached profile needs none (issue 10, cold start)."""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ._documents import Document, PathKey, format_path
from ._errors import _LocatedError
from ._limits import DEFAULT_LIMITS, Limits

_BOOL_TAG = "tag:yaml.org,2002:bool"
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """SafeLoader (libyaml's parser where installed: 5-10x faster) with YAML 1.2 core-schema booleans and
    numbers (``on:`` stays a string key)."""

    yaml_implicit_resolvers = {  # noqa: RUF012 - PyYAML's own class attribute, replaced not mutated
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in {_BOOL_TAG, _INT_TAG, _FLOAT_TAG}]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


def _construct_int(loader: yaml.SafeLoader, node: Node) -> int:
    """YAML 1.2 core integers: decimal (a leading zero is still decimal), ``0o`` octal, ``0x`` hex."""
    value = str(node.value)
    if value.startswith(("0o", "0x")):
        return int(value[2:], 8 if value[1] == "o" else 16)
    return int(value, 10)


_Loader.add_implicit_resolver(_BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_Loader.add_implicit_resolver(_INT_TAG, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
                              list("-+0123456789"))
_Loader.add_implicit_resolver(
    _FLOAT_TAG,
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."))
_Loader.add_constructor(_INT_TAG, _construct_int)


def parse_yaml(text: str, file: str, cls: type[_LocatedError], limits: Limits = DEFAULT_LIMITS) -> Document:
    """Parse one YAML document into plain data with the line of every key; errors become ``cls``."""
    try:
        _count_events(text, file, cls, limits)
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            document = Document(None, file)
            if node is not None:
                builder = _Builder(loader, document, cls, limits)
                document.data = builder.build(node, ())
            return document
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        if "nesting depth" in problem:  # libyaml's own limit (PyYAML ≥ 6.0.4: 1,000 levels) met before ours
            raise cls(f"nested deeper than {limits.max_depth} levels", file=file, line=line) from None
        raise cls(f"invalid YAML: {problem}", file=file, line=line) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1 if isinstance(exc.position, int) else None
        raise cls(f"invalid YAML: unacceptable character {exc.character!r} ({exc.reason})", file=file,
                  line=line) from None
    except yaml.YAMLError as exc:
        raise cls(f"invalid YAML: {' '.join(str(exc).split())}", file=file) from None
    except RecursionError:
        raise cls(f"nested deeper than {limits.max_depth} levels", file=file) from None


def _count_events(text: str, file: str, cls: type[_LocatedError], limits: Limits) -> None:
    """A first pass over the parser's events, in constant memory: a document of more than ``max_nodes``
    values, nested deeper than ``max_depth`` or with a mapping of more than ``max_keys`` keys is refused
    before any node tree is built (a node takes some 400 bytes)."""
    loader = _Loader(text)
    try:
        budget = 2 * limits.max_nodes + 4  # a collection is two events (start, end); stream and document four
        open_: list[list[int]] = []  # per open collection: [children so far, 2 for a mapping (key and value)]
        while loader.check_event():
            event = loader.get_event()
            budget -= 1
            problem = None
            if budget < 0:
                problem = f"document too large (over {limits.max_nodes} values)"
            elif isinstance(event, yaml.CollectionEndEvent):
                open_.pop()
                continue
            elif isinstance(event, yaml.NodeEvent) and open_:
                open_[-1][0] += 1
                if open_[-1][1] == 2 and open_[-1][0] > 2 * limits.max_keys:
                    problem = f"more than {limits.max_keys} keys in one mapping"
            if isinstance(event, yaml.CollectionStartEvent):
                open_.append([0, 2 if isinstance(event, yaml.MappingStartEvent) else 1])
                if len(open_) > limits.max_depth:
                    problem = f"nested deeper than {limits.max_depth} levels"
            if problem is not None:
                raise cls(problem, file=file, line=event.start_mark.line + 1 if event.start_mark else None)
    finally:
        loader.dispose()


class _Builder:
    """Turns a composed node tree into plain data, recording lines and refusing duplicate keys."""

    def __init__(self, loader: _Loader, document: Document, cls: type[_LocatedError], limits: Limits) -> None:
        self.loader = loader
        self.document = document
        self.cls = cls
        self.limits = limits
        self.count = 0
        self.stack: set[int] = set()

    def fail(self, node: Node, path: PathKey, message: str) -> _LocatedError:
        return self.cls(message, file=self.document.file, line=node.start_mark.line + 1,
                        key=format_path(path) or None)

    def build(self, node: Node, path: PathKey) -> Any:
        self.count += 1
        if self.count > self.limits.max_nodes:
            raise self.fail(node, path, f"document too large (over {self.limits.max_nodes} values after aliases)")
        self.document.lines.setdefault(path, node.start_mark.line + 1)
        if id(node) in self.stack:
            raise self.fail(node, path, "recursive alias")
        self.stack.add(id(node))
        try:
            if isinstance(node, MappingNode | SequenceNode) and len(path) >= self.limits.max_depth:
                raise self.fail(node, path, f"nested deeper than {self.limits.max_depth} levels")
            if isinstance(node, MappingNode):
                if len(node.value) > self.limits.max_keys:
                    raise self.fail(node, path, f"{len(node.value)} keys in one mapping, over the limit of "
                                                f"{self.limits.max_keys}")
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
        if node.tag == _INT_TAG and len(str(node.value).lstrip("+-")) > self.limits.max_int_digits:
            raise self.fail(node, path, f"an integer of {len(node.value)} digits is over the limit of "
                                        f"{self.limits.max_int_digits}")
        try:
            return self.loader.construct_object(node, deep=True)
        except ValueError:
            raise self.fail(node, path, f"expected a date YYYY-MM-DD; got {node.value!r}") from None
        except yaml.constructor.ConstructorError as exc:
            raise self.fail(node, path, f"invalid value: {exc.problem}") from None
