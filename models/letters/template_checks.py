"""The check of a parsed template: it may only print and test documented merge fields.

:mod:`models.letters.templating` runs :func:`check_tree` on every template before compiling it.
The walk refuses, with the line, every node that is not literal text, a merge field (a name
and its ``.attribute`` / ``[0]`` steps), a constant, an allowed filter or test, a comparison,
``and``/``or``/``not``, ``~`` or an inline ``if``; and every ``{% … %}`` but ``if``, ``for``
over a list field and a simple ``set``. So a template cannot call a method (``.upper()``),
reach internals (``__class__``), include or import files, or compute; and a misspelt field
(``person.famly_name``) is named before a letter is ever printed.

What is printed must be text: never a group of fields, a list or a yes/no field, however it is
reached (``charges|first``, ``person ~ ''``, ``attorney or designee``), so no letter ever shows
Python's own notation (``{'statute': …}``, ``True``). And a template cannot make text grow
without bound: a ``{% for %}`` is never inside another (nor inside a ``{% set %}`` block),
and a ``{% set %}`` may use merge
fields but not what another ``{% set %}`` made (``{% set b = a ~ a %}`` forty times over would
be a trillion characters); :mod:`models.letters.templating` caps ``|replace`` and the output.
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
#: What an expression gives. TEXT prints (text or a number); FLAG is yes or no (for tests);
#: LIST is a list of words (``detainer.requests``); ITEMS a list of groups (``charges``); GROUP a
#: group of fields (``person``); MIXED one or another of these.
TEXT, FLAG, LIST, ITEMS, GROUP, MIXED = "text", "flag", "list", "items", "group", "mixed"
_KIND_WORDS = {
    FLAG: "yes or no",
    LIST: "a list",
    ITEMS: "a list of groups of merge fields",
    GROUP: "a group of merge fields",
    MIXED: "a group of merge fields, a list or yes/no",
}
#: Filters that take one field's text and give text.
_TEXT_FILTERS = frozenset({"capitalize", "lower", "replace", "title", "trim", "upper"})
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


def _path_kind(path: str | None) -> str:
    """What a merge-field path (None: a loop attribute or a ``set`` value) gives."""
    if path is None:
        return TEXT
    if _is_list(path):
        return ITEMS if _children(path + "[]") else LIST
    if _is_text_item(path):
        return TEXT
    if path in fields.FIELDS:
        return FLAG if isinstance(fields.FIELDS[path].example, bool) else TEXT
    return GROUP


def _union(*kinds: str) -> str:
    return kinds[0] if all(k == kinds[0] for k in kinds) else MIXED


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

    def __init__(self) -> None:
        self.loops = 0  # how many {% for %} the walk is inside
        self.setting = 0  # inside a {% set %}'s value: no other {% set %} value may be used

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
            if _chained(value):  # another name for a field, a group, a list or a set value
                scope[node.target.name] = self.path(_Chain(value), scope)
                return
            self.setting += 1
            try:
                kind = self.expr(value, scope)
            finally:
                self.setting -= 1
            if kind != TEXT:
                raise _not_text(value, kind, "{% set %} keeps text only, and this gives")
            scope[node.target.name] = None
        elif isinstance(node, nodes.AssignBlock) and isinstance(node.target, nodes.Name):
            if node.filter is not None:
                raise _refuse(node, _describe(node))
            self.setting += 1
            try:
                self.statements(node.body, scope)
            finally:
                self.setting -= 1
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
        if self.setting:  # its text would be made in full, unseen by the cap on what prints
            raise TemplateProblem(
                node.lineno,
                "a {% for %} may not be inside a {% set %}…{% endset %}; go through the list "
                "where it is printed.",
            )
        if self.loops:
            raise TemplateProblem(
                node.lineno,
                "a {% for %} may not be inside another {% for %}: a letter goes through one "
                "list at a time.",
            )
        inner = {**scope, node.target.name: path + "[]", "loop": _LOOP}
        self.loops += 1
        try:
            if node.test is not None:
                self.expr(node.test, inner)
            self.statements(node.body, inner)
        finally:
            self.loops -= 1
        self.statements(node.else_, scope)

    def printed(self, node: nodes.Node, scope: dict) -> None:
        if isinstance(node, nodes.CondExpr):
            self.expr(node.test, scope)
            self.printed(node.expr1, scope)
            if node.expr2 is not None:
                self.printed(node.expr2, scope)
            return
        if _chained(node):
            chain = _Chain(node)
            path = self.path(chain, scope)
            kind = _path_kind(path)
            if kind != TEXT:
                raise TemplateProblem(node.lineno, _not_printed(chain, path, kind))
            return
        kind = self.expr(node, scope)
        if kind != TEXT:
            raise _not_text(node, kind, "only text prints, and this gives")

    def text(self, node: nodes.Node, scope: dict, what: str) -> None:
        """Check ``node`` and that it gives text (``what`` says where it is used)."""
        kind = self.expr(node, scope)
        if kind != TEXT:
            raise _not_text(node, kind, f"{what} takes text, and this gives")

    def expr(self, node: nodes.Node, scope: dict) -> str:
        """Check an expression; what it gives (TEXT, FLAG, LIST, ITEMS, GROUP or MIXED)."""
        if _chained(node):
            return _path_kind(self.path(_Chain(node), scope))
        if isinstance(node, nodes.Const):
            return FLAG if node.value is None or isinstance(node.value, bool) else TEXT
        if isinstance(node, nodes.Filter):
            return self.filter(node, scope)
        if isinstance(node, nodes.Test):
            self.test(node, scope)
            return FLAG
        if isinstance(node, nodes.Call):
            callee = node.node
            name = callee.attr if isinstance(callee, nodes.Getattr) else getattr(callee, "name", "")
            raise _refuse(node, f"{name}()")
        if isinstance(node, (nodes.And, nodes.Or)):  # each gives one of its sides
            return _union(self.expr(node.left, scope), self.expr(node.right, scope))
        if isinstance(node, nodes.CondExpr):
            self.expr(node.test, scope)
            kinds = [self.expr(node.expr1, scope)]
            if node.expr2 is not None:
                kinds.append(self.expr(node.expr2, scope))
            return _union(*kinds)
        if isinstance(node, (nodes.Not, nodes.Compare, nodes.Operand)):
            for child in node.iter_child_nodes():
                self.expr(child, scope)
            return FLAG
        if isinstance(node, nodes.Concat):
            for child in node.nodes:
                self.text(child, scope, "“~”")
            return TEXT
        if isinstance(node, (nodes.List, nodes.Tuple)):  # as in {% if x in ["a", "b"] %}
            for item in node.items:
                self.text(item, scope, "a list written out")
            return LIST
        raise _refuse(node, _describe(node))

    def filter(self, node: nodes.Filter, scope: dict) -> str:
        """Check a filter and its arguments; what it gives."""
        name, what = node.name, f"“|{node.name}”"
        if name not in ALLOWED_FILTERS or node.dyn_args or node.dyn_kwargs:
            raise _refuse(node, f"|{name}")
        for keyword in node.kwargs:
            value = keyword.value
            if isinstance(value, nodes.Const) and str(value.value).startswith("_"):
                raise _refuse(node, str(value.value))
        base = self.expr(node.node, scope) if node.node is not None else TEXT
        if name == "join":
            return self.join(node, base, scope)
        args = [self.expr(a, scope) for a in (*node.args, *(k.value for k in node.kwargs))]
        if name in ("length", "count"):
            if base in (FLAG, MIXED):
                raise _not_text(node.node, base, f"{what} counts text or a list, and this gives")
            return TEXT
        if name in ("default", "d"):
            return _union(base, *args[:1])
        if name in ("first", "last"):
            if base not in (TEXT, LIST, ITEMS):
                raise _not_text(node.node, base, f"{what} takes a list or text, and this gives")
            return GROUP if base == ITEMS else TEXT
        if base != TEXT:
            raise _not_text(node.node, base, f"{what} takes one field's text, and this gives")
        for kind, arg in zip(args, (*node.args, *(k.value for k in node.kwargs)), strict=True):
            if kind != TEXT:
                raise _not_text(arg, kind, f"{what} takes text, and this gives")
        return TEXT

    def join(self, node: nodes.Filter, base: str, scope: dict) -> str:
        """``list|join(", ")``, or ``charges|join(", ", "statute")`` for one field of each."""
        given = list(node.args)
        attribute = None
        for keyword in node.kwargs:
            if keyword.key != "attribute" or len(given) > 1:
                raise _refuse(node, f"|join({keyword.key}=…)")
            attribute = keyword.value
        if len(given) > 2:
            raise _refuse(node, "|join with more than a separator and a field")
        if len(given) == 2:
            attribute = given.pop()
        for separator in given:
            self.text(separator, scope, "“|join”'s separator")
        if base in (TEXT, LIST) and attribute is None:
            return TEXT
        if base == ITEMS and attribute is not None and _chained(node.node):
            item = self.path(_Chain(node.node), scope) + "[]"
            if (
                isinstance(attribute, nodes.Const)
                and isinstance(attribute.value, str)
                and _path_kind(f"{item}.{attribute.value}") == TEXT
                and f"{item}.{attribute.value}" in fields.FIELDS
            ):
                return TEXT
            fields_of = ", ".join(f"“{c}”" for c in _children(item))
            raise TemplateProblem(
                node.lineno,
                f"“|join” of a list of groups names one field of each, one of {fields_of}: "
                f'as |join(", ", "{_children(item)[0]}").',
            )
        if base == ITEMS:
            raise TemplateProblem(
                node.lineno,
                "“|join” of a list of groups of merge fields names the field to print, as "
                '|join(", ", "statute"); or go through the list with {% for %}.',
            )
        raise _not_text(node.node, base, "“|join” takes a list, and this gives")

    def test(self, node: nodes.Test, scope: dict) -> None:
        if node.name not in ALLOWED_TESTS or node.dyn_args or node.dyn_kwargs:
            raise _refuse(node, f"is {node.name}")
        if node.node is not None:
            self.expr(node.node, scope)
        for arg in (*node.args, *(k.value for k in node.kwargs)):
            if isinstance(arg, nodes.Const) and str(arg.value).startswith("_"):
                raise _refuse(node, str(arg.value))
            self.expr(arg, scope)

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
            if self.setting:
                raise TemplateProblem(
                    chain.node.lineno,
                    f"“{chain.name}” was made by a {{% set %}}; a {{% set %}} may use merge "
                    "fields, but not what another {% set %} made.",
                )
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


def _not_printed(chain: _Chain, path: str | None, kind: str) -> str:
    """Why a field's value cannot be printed as it is, and what to write instead."""
    if kind in (LIST, ITEMS):
        join = "" if kind == ITEMS else ', or all of them with |join(", ")'
        return f"“{chain.written}” is a list; print its items with {{% for %}}{join}."
    if kind == FLAG:
        return (
            f"“{chain.written}” is yes or no, which does not print; use it in {{% if %}}, as "
            f"{{% if {chain.written} %}}…{{% endif %}}."
        )
    example = f"{chain.written}.{_children(path)[0]}"
    return f"“{chain.written}” is a group of merge fields; print one, such as “{example}”."


def _not_text(node: nodes.Node, kind: str, what: str) -> TemplateProblem:
    """``what`` (“|upper” takes text, and this gives) + what ``node`` gives instead."""
    return TemplateProblem(
        node.lineno,
        f"{what} {_KIND_WORDS.get(kind, kind)}; print one merge field, such as "
        "“person.full_name”, or go through a list with {% for %}.",
    )


def _chained(node: nodes.Node) -> bool:
    return isinstance(node, (nodes.Name, nodes.Getattr, nodes.Getitem))


def _unknown(chain: _Chain, base: str, path: str) -> str:
    named = f"“{chain.written}”" + ("" if base == chain.name else f" (“{path}”)")
    message = f"there is no merge field {named}."
    close = difflib.get_close_matches(path, list(fields.FIELDS), n=1, cutoff=0.8)
    if close and close[0].startswith(base):
        message += f" Did you mean “{chain.name}{close[0][len(base) :]}”?"
    return f"{message} {SEE_LIST}"
