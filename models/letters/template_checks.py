"""The check of a parsed template: it may only print and test documented merge fields.

:mod:`models.letters.templating` runs :func:`check_tree` on every template before compiling it.
The walk refuses, with the line, every node that is not literal text, a merge field (a name
and its ``.attribute`` / ``[0]`` steps), a constant, an allowed filter or test, a comparison,
``and``/``or``/``not``, ``~`` or an inline ``if``; and every ``{% … %}`` but ``if``, ``for``
over a list field and a simple ``set``. So a template cannot call a method (``.upper()``),
reach internals (``__class__``), include or import files, or compute; and a misspelt field
(``person.famly_name``) is named before a letter is ever printed.
"""

from __future__ import annotations

import difflib

from jinja2 import nodes

from models.letters import fields

#: The filters and tests a template may use; the engine has no others.
ALLOWED_FILTERS = frozenset(
    {"capitalize", "count", "d", "default", "first", "join", "last", "length", "lower"}
    | {"replace", "title", "trim", "upper"}
)
ALLOWED_TESTS = frozenset(
    {"defined", "undefined", "none", "true", "false", "string", "number", "sequence"}
    | {"eq", "equalto", "==", "ne", "!=", "in", "lt", "<", "le", "<=", "gt", ">", "ge", ">="}
    | {"odd", "even"}
)
#: What ``loop.…`` may name inside ``{% for %}``.
LOOP_ATTRIBUTES = frozenset({"index", "index0", "revindex", "revindex0", "first", "last", "length"})
ONLY_FIELDS = "a template may only print merge fields"
SEE_LIST = "See the list of merge fields."

_LOOP = object()  # in a scope: the name is ``loop`` inside a {% for %}
_REFUSED = {
    "Include": "{% include %}",
    "Import": "{% import %}",
    "FromImport": "{% from … import %}",
    "Extends": "{% extends %}",
    "Block": "{% block %}",
    "Macro": "{% macro %}",
    "CallBlock": "{% call %}",
    "FilterBlock": "{% filter %}",
    "With": "{% with %}",
    "Assign": "{% set %} of several names",
    "AssignBlock": "{% set %} with a filter",
    "Dict": "{ … }",
    "Slice": "[ : ]",
    "NSRef": "namespace",
}
_EXPRESSIONS = (nodes.And, nodes.Or, nodes.Not, nodes.Compare, nodes.Operand, nodes.CondExpr)
_EXPRESSIONS += (nodes.Concat, nodes.List, nodes.Tuple)


class TemplateProblem(Exception):
    """Something a template may not do, with its line and a message for the administrator."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def _refuse(node: nodes.Node, what: str) -> TemplateProblem:
    return TemplateProblem(node.lineno, f"{ONLY_FIELDS}; “{what}” is not allowed.")


def _describe(node: nodes.Node) -> str:
    name = type(node).__name__
    return _REFUSED.get(name) or getattr(node, "operator", None) or name.lower()


def _is_list(path: str) -> bool:
    found = fields.FIELDS.get(path)
    return found is not None and isinstance(found.example, list)


def _is_text_item(path: str) -> bool:
    """An item of a list of words (``detainer.requests[]``), printable as it is."""
    return path.endswith("[]") and _is_list(path[:-2]) and not _children(path)


def _children(path: str) -> list[str]:
    return [p[len(path) + 1 :] for p in fields.FIELDS if p.startswith(path + ".")]


class _Chain:
    """``person.family_name``, ``c.statute``, ``charges[0]``: a name and the steps after it."""

    def __init__(self, node: nodes.Node):
        steps: list[str | int] = []
        root = node
        while isinstance(root, (nodes.Getattr, nodes.Getitem)):
            if isinstance(root, nodes.Getattr):
                steps.append(root.attr)
            elif isinstance(root.arg, nodes.Const) and type(root.arg.value) in (str, int):
                steps.append(root.arg.value)
            else:
                raise _refuse(root, "[…]")
            root = root.node
        steps.reverse()
        for step in steps:
            if isinstance(step, str) and step.startswith("_"):
                raise _refuse(node, step)
        if not isinstance(root, nodes.Name):
            raise _refuse(node, str(steps[0]))
        self.node, self.name, self.steps = node, root.name, steps
        self.written = root.name + "".join(
            f"[{s}]" if isinstance(s, int) else f".{s}" for s in steps
        )


class _Checker:
    """Walks a parsed template and raises :class:`TemplateProblem` at the first thing not allowed.

    A scope maps the names a template binds ({% for %} targets, {% set %}) to the merge-field
    path they stand for (``c`` -> ``charges[]``), to ``None`` for a value that is no field, or
    to ``_LOOP``; any other name is a top-level merge field.
    """

    def statements(self, body: list[nodes.Node], scope: dict) -> None:
        for node in body:
            self.statement(node, scope)

    def statement(self, node: nodes.Node, scope: dict) -> None:
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if not isinstance(child, nodes.TemplateData):
                    self.printed(child, scope)
        elif isinstance(node, nodes.If):
            self.expr(node.test, scope)
            self.statements(node.body, scope)
            self.statements(node.elif_, scope)
            self.statements(node.else_, scope)
        elif isinstance(node, nodes.For):
            self.loop(node, scope)
        elif isinstance(node, nodes.Assign) and isinstance(node.target, nodes.Name):
            value = node.node
            scope[node.target.name] = self.path(_Chain(value), scope) if _chained(value) else None
            if not _chained(value):
                self.expr(value, scope)
        elif isinstance(node, nodes.AssignBlock) and isinstance(node.target, nodes.Name):
            if node.filter is not None:
                raise _refuse(node, _describe(node))
            self.statements(node.body, scope)
            scope[node.target.name] = None
        else:
            raise _refuse(node, _describe(node))

    def loop(self, node: nodes.For, scope: dict) -> None:
        if not isinstance(node.target, nodes.Name):
            raise _refuse(node, "{% for %} with several names")
        if node.recursive:
            raise _refuse(node, "recursive")
        chain = _Chain(node.iter) if _chained(node.iter) else None
        path = self.path(chain, scope) if chain else None
        if path is None or not _is_list(path):
            what = f"“{chain.written}” is not a list" if chain else "that is not a list"
            example = "{% for c in charges %}"
            raise TemplateProblem(
                node.lineno, f"{what}; {{% for %}} goes through a list, as {example}."
            )
        inner = {**scope, node.target.name: path + "[]", "loop": _LOOP}
        if node.test is not None:
            self.expr(node.test, inner)
        self.statements(node.body, inner)
        self.statements(node.else_, scope)

    def printed(self, node: nodes.Node, scope: dict) -> None:
        if isinstance(node, nodes.CondExpr):
            self.expr(node.test, scope)
            self.printed(node.expr1, scope)
            if node.expr2 is not None:
                self.printed(node.expr2, scope)
            return
        if not _chained(node):
            self.expr(node, scope)
            return
        chain = _Chain(node)
        path = self.path(chain, scope)
        if path is None or path in fields.FIELDS and not _is_list(path) or _is_text_item(path):
            return
        if _is_list(path):
            join = "" if _children(path + "[]") else ', or all of them with |join(", ")'
            message = f"“{chain.written}” is a list; print its items with {{% for %}}{join}."
        else:
            example = f"{chain.written}.{_children(path)[0]}"
            message = (
                f"“{chain.written}” is a group of merge fields; print one, such as “{example}”."
            )
        raise TemplateProblem(node.lineno, message)

    def expr(self, node: nodes.Node, scope: dict) -> None:
        if _chained(node):
            self.path(_Chain(node), scope)
        elif isinstance(node, nodes.Const):
            return
        elif isinstance(node, nodes.Filter):
            self.filter(node, scope, ALLOWED_FILTERS, f"|{node.name}")
        elif isinstance(node, nodes.Test):
            self.filter(node, scope, ALLOWED_TESTS, f"is {node.name}")
        elif isinstance(node, nodes.Call):
            callee = node.node
            name = callee.attr if isinstance(callee, nodes.Getattr) else getattr(callee, "name", "")
            raise _refuse(node, f"{name}()")
        elif isinstance(node, _EXPRESSIONS):
            for child in node.iter_child_nodes():
                self.expr(child, scope)
        else:
            raise _refuse(node, _describe(node))

    def filter(
        self, node: nodes.Filter | nodes.Test, scope: dict, allowed: frozenset[str], what: str
    ) -> None:
        if node.name not in allowed or node.dyn_args or node.dyn_kwargs:
            raise _refuse(node, what)
        if node.node is not None:
            self.expr(node.node, scope)
        for arg in node.args:
            self.expr(arg, scope)
        for keyword in node.kwargs:
            value = keyword.value
            if isinstance(value, nodes.Const) and str(value.value).startswith("_"):
                raise _refuse(node, str(value.value))
            self.expr(value, scope)

    def path(self, chain: _Chain, scope: dict) -> str | None:
        """The merge-field path a chain names (None for a value that is no field)."""
        base = scope.get(chain.name, chain.name)
        if base is _LOOP:
            if len(chain.steps) == 1 and chain.steps[0] in LOOP_ATTRIBUTES:
                return None
            raise TemplateProblem(
                chain.node.lineno,
                f"“{chain.written}” is not allowed; a loop has loop.index, loop.first, "
                "loop.last and loop.length.",
            )
        if base is None:
            if chain.steps:
                raise _refuse(chain.node, chain.written)
            return None
        path = base
        for step in chain.steps:
            if isinstance(step, int) and _is_list(path):
                path += "[]"
            elif _is_list(path):
                raise TemplateProblem(
                    chain.node.lineno,
                    f"“{chain.written}”: “{path}” is a list; go through it with "
                    f"{{% for %}} to print each one's {step}.",
                )
            else:
                path += f"[{step}]" if isinstance(step, int) else f".{step}"
        if not (fields.is_known(path) or _is_text_item(path)):
            raise TemplateProblem(chain.node.lineno, _unknown(chain, base, path))
        return path


def check_tree(tree: nodes.Template) -> None:
    """Refuse a parsed template that does more than print and test merge fields.

    Raises:
        TemplateProblem: the first thing not allowed, in the order of the text.
    """
    _Checker().statements(tree.body, {})


def _chained(node: nodes.Node) -> bool:
    return isinstance(node, (nodes.Name, nodes.Getattr, nodes.Getitem))


def _unknown(chain: _Chain, base: str, path: str) -> str:
    named = f"“{chain.written}”" + ("" if base == chain.name else f" (“{path}”)")
    message = f"there is no merge field {named}."
    close = difflib.get_close_matches(path, list(fields.FIELDS), n=1, cutoff=0.8)
    if close and close[0].startswith(base):
        message += f" Did you mean “{chain.name}{close[0][len(base) :]}”?"
    return f"{message} {SEE_LIST}"
