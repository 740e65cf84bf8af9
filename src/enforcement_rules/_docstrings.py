"""Field descriptions from attribute docstrings — what pydantic's ``use_attribute_docstrings`` gives, found by
one parse per module instead of one source search per class (issue 10, cold start).

On Python < 3.13 pydantic finds each class's source by walking the call stack and asking ``inspect`` for the
module of every frame: for the profile models that was a third of the command line's start. Here a module's
source is parsed once, the docstrings of every class in it are collected with pydantic's rule (a string
statement right after an annotated assignment documents that attribute), and the result is cached on disk
keyed by the module's source (bundled modules only). A field that has a ``description`` keeps it.

The models call ``describe`` from ``__pydantic_init_subclass__``, before any schema is built (they are
``defer_build``); a model built already (a subclass that turns ``defer_build`` off) is rebuilt.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import inspect
import linecache
import sys
from pathlib import Path
from typing import Any

from . import _cache

ClassDocs = dict[str, dict[str, str]]
"""Class qualified name → attribute → docstring."""


def describe(model: Any) -> None:
    """Give ``model``'s fields without a description the docstrings written under them in its class body."""
    docs = _module_docs(model.__module__).get(model.__qualname__)
    if not docs:
        return
    changed = False
    for name, info in model.__pydantic_fields__.items():
        if info.description is None and name in docs:
            info.description = docs[name]
            changed = True
    if changed and model.__pydantic_complete__:
        model.model_rebuild(force=True)


@functools.cache
def _module_docs(module_name: str) -> ClassDocs:
    module = sys.modules.get(module_name)
    filename = getattr(module, "__file__", None)
    if not filename:
        return {}
    lines = linecache.getlines(filename, module.__dict__)
    if not lines:
        return {}
    source = "".join(lines)
    ours = Path(filename).resolve().is_relative_to(Path(__file__).resolve().parent)
    entry = _cache.key_of("docs", (module_name, source, _EXTRACTOR), code=False) if ours else None
    if entry is not None:
        found = _cache.load(entry)
        if isinstance(found, dict):
            return found
    try:
        docs = class_docs(ast.parse(source))
    except SyntaxError:
        return {}
    if entry is not None:
        _cache.store(entry, docs)
    return docs


_EXTRACTOR = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
"""This module's own source: a changed rule is a new key."""


def class_docs(tree: ast.Module) -> ClassDocs:
    """The attribute docstrings of every class in ``tree``, by qualified name (``Outer.Inner``,
    ``function.<locals>.Class``, as ``__qualname__`` spells them); a name defined twice keeps the last."""
    found: ClassDocs = {}

    def walk(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                qualname = prefix + child.name
                visitor = _Visitor()
                visitor.generic_visit(child)
                found[qualname] = visitor.attrs
                walk(child, qualname + ".")
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                walk(child, f"{prefix}{child.name}.<locals>.")
            elif isinstance(child, ast.stmt | ast.excepthandler):  # the blocks of if, try, with, for …
                walk(child, prefix)

    walk(tree, "")
    return found


class _Visitor(ast.NodeVisitor):
    """pydantic's ``_docs_extraction.DocstringVisitor``, rule for rule: a string expression statement directly
    after an annotated assignment to a name is that name's docstring (cleaned as ``inspect.cleandoc``)."""

    def __init__(self) -> None:
        super().__init__()
        self.target: str | None = None
        self.attrs: dict[str, str] = {}
        self.previous_node_type: type[ast.AST] | None = None

    def visit(self, node: ast.AST) -> Any:
        result = super().visit(node)
        self.previous_node_type = type(node)
        return result

    def visit_AnnAssign(self, node: ast.AnnAssign) -> Any:
        if isinstance(node.target, ast.Name):
            self.target = node.target.id

    def visit_Expr(self, node: ast.Expr) -> Any:
        if (isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
                and self.previous_node_type is ast.AnnAssign):
            docstring = inspect.cleandoc(node.value.value)
            if self.target:
                self.attrs[self.target] = docstring
            self.target = None

    # nested classes and functions: their attributes are not the inspected class's
    def visit_ClassDef(self, node: ast.ClassDef) -> Any:
        pass

    def visit_FunctionDef(self, node: ast.FunctionDef) -> Any:
        pass

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> Any:
        pass
