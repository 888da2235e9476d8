"""The sandboxed template engine: a template's text and a record's values in, letter markup out.

Templates are written by the county's administrators, so they are treated as untrusted: they
render in Jinja2's :class:`~jinja2.sandbox.SandboxedEnvironment` with no globals and a short
list of filters and tests, and before a template is saved (or first rendered) its syntax tree
is walked and anything but printing and testing the documented merge fields of
:mod:`models.letters.fields` is refused — a template cannot call a method, reach an object's
internals, include a file or compute. Literal template text is plain text: the engine escapes
it itself (``Smith & <Jones>`` prints as typed) and turns ``**...**`` into bold.

Nor can a template exhaust the desk's memory or time: its text has a length limit, text nested
too deeply to read is refused, ``|replace`` may not make more than :data:`MAX_REPLACED_CHARS`
characters, and a letter stops at :data:`MAX_OUTPUT_CHARS` characters of text (together with
the check's rules on loops and ``set``, nothing can multiply text without bound).
"""

from __future__ import annotations

import functools
import re
import traceback
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from xml.sax.saxutils import escape

import jinja2
from jinja2.exceptions import SecurityError, TemplateSyntaxError, UndefinedError
from jinja2.ext import Extension
from jinja2.filters import do_replace
from jinja2.lexer import Token, TokenStream
from jinja2.nodes import EvalContext
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import missing, pass_eval_context
from markupsafe import Markup

from models.errors import DeskError, FieldError, ValidationError
from models.letters import fields
from models.letters.blocks import markup_problem, markup_to_plain, parse_blocks
from models.letters.template_checks import (
    ALLOWED_FILTERS,
    ALLOWED_TESTS,
    ONLY_FIELDS,
    SEE_LIST,
    TemplateProblem,
    check_tree,
)

#: Where a compiled template's frames say they come from (Jinja rewrites tracebacks so).
_TEMPLATE_FILE = "<template>"
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_BOLD_UNENDED = "“**” starts bold text that never ends; bold text is written **like this**."
_BOLD_ACROSS = "bold text (**) must end within its paragraph."
#: The longest title or body an administrator may save (the longest shipped text is ~6,000).
MAX_SOURCE_CHARS = 100_000
#: The most text one ``|replace`` may give: far more than any field, far less than a memory.
MAX_REPLACED_CHARS = 20_000
#: The most text (paragraph markup) one letter's body may print: about 150 pages.
MAX_OUTPUT_CHARS = 500_000
_CANNOT_FILL = (
    "this cannot be filled in from a record: it uses a value in a way its kind does not allow "
    "(text compared with a number, say, or a filter given the wrong number or kind of values)."
)
_NESTED = (
    "the text is nested too deeply to be read ({% if %}, brackets or filters inside one "
    "another, thousands deep); write it more simply."
)


class TemplateError(ValidationError):
    """A template that cannot be used; each message names the line and what is wrong."""


class _TooMuchText(Exception):
    """A template made more text than a letter can hold (raised while it is filled in)."""


class MissingFieldError(DeskError):
    """A letter prints a merge field the record does not have.

    Attributes:
        path: the field's path, such as ``booking.number``.
        label: the field's label from the list of merge fields.
    """

    def __init__(self, path: str, label: str | None = None):
        self.path = path
        self.label = label or fields.field_label(path)
        what = f"the {label_in_sentence(self.label)} ({path})" if self.label != path else path
        super().__init__(f"This letter needs {what}, and the record has none.")


def label_in_sentence(label: str) -> str:
    """A label as it reads inside a sentence: "Booking number" -> "booking number".

    A first word that is an acronym or an identifier ("ICE office", "A-number", "TRUTH Act")
    keeps its capitals.
    """
    first = label.split(" ", 1)[0]
    if len(first) > 1 and (first.isupper() or not first[1].isalpha()):
        return label
    return label[:1].lower() + label[1:]


def _error(field: str, message: str, line: int | None = None) -> FieldError:
    if field == "title":
        return FieldError(field, f"In the title: {message}")
    if line:
        return FieldError(field, f"Line {line}: {message}", line)
    return FieldError(field, message[:1].upper() + message[1:])


class MissingValue(jinja2.Undefined):
    """A merge value the record does not have: false in ``{% if %}``, an error when printed.

    Printing it, iterating over it, or joining it to text raises :class:`MissingFieldError`
    naming the field. Reaching into it (``attorney.name`` when there is no attorney) gives
    another missing value, so ``{% if attorney.name %}`` is simply false.
    """

    __slots__ = ()

    @property
    def path(self) -> str:
        name = self._undefined_name
        parent = getattr(self._undefined_obj, "path", None)  # a fields.Record knows its path
        if isinstance(name, int):
            return f"{parent}[]" if isinstance(parent, str) else f"[{name}]"
        return f"{parent}.{name}" if isinstance(parent, str) else str(name)

    def _fail_with_undefined_error(self, *args: object, **kwargs: object):
        # The sandbox reports a refused attribute as an undefined value carrying SecurityError.
        if not issubclass(self._undefined_exception, UndefinedError):
            super()._fail_with_undefined_error()
        raise MissingFieldError(self.path)

    def __str__(self) -> str:
        self._fail_with_undefined_error()

    def __html__(self) -> str:
        self._fail_with_undefined_error()

    def __iter__(self) -> Iterator:
        self._fail_with_undefined_error()

    def __getattr__(self, name: str) -> MissingValue:
        if name[:2] == "__":
            raise AttributeError(name)
        return self[name]

    def __getitem__(self, key: object) -> MissingValue:
        if not issubclass(self._undefined_exception, UndefinedError):
            self._fail_with_undefined_error()  # never reach past a refused attribute
        step = "[]" if isinstance(key, int) else f".{key}"
        return type(self)(obj=missing, name=self.path + step)


class PlainTextExtension(Extension):
    """Makes literal template text plain text: escaped, with ``**...**`` as bold.

    Jinja trusts literal text and outputs it as it is, so it is escaped here, token by token,
    before the template is compiled. Bold pairs are matched in source order across the whole
    template, so ``**{{ person.full_name }}**`` is bold; an unpaired ``**`` is a syntax error.
    """

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        bold_from: int | None = None  # the line of the "**" that opened bold text, if open
        for token in stream:
            if token.type != "data":
                yield token
                continue
            out = []
            line = token.lineno
            for i, piece in enumerate(token.value.split("**")):
                if i:
                    out.append("<b>" if bold_from is None else "</b>")
                    bold_from = line if bold_from is None else None
                if bold_from is not None and _BLANK_LINE.search(piece):
                    raise TemplateSyntaxError(_BOLD_ACROSS, bold_from, stream.name, stream.filename)
                out.append(escape(piece))
                line += piece.count("\n")
            yield Token(token.lineno, "data", "".join(out))
        if bold_from is not None:
            raise TemplateSyntaxError(_BOLD_UNENDED, bold_from, stream.name, stream.filename)


def _finalize(value: object) -> object:
    """Keep a value on its line: a newline typed into a record must not start a new block."""
    if isinstance(value, str) and ("\n" in value or "\r" in value):
        joined = " ".join(value.split())
        return Markup(joined) if isinstance(value, Markup) else joined
    return value


#: What the ``|replace`` of the text being filled in may still make, in characters (a list of
#: one number, set by :func:`_render`): text kept by ``{% set %}`` is never seen by the cap on
#: what prints, so what replace makes in all is capped too.
_REPLACE_BUDGET: ContextVar[list[int]] = ContextVar("replace_budget")


@pass_eval_context
def _replace(
    eval_ctx: EvalContext, value: object, old: object, new: object, count: int | None = None
) -> str:
    """Jinja's ``|replace``, refused before it makes too much text.

    That is more than MAX_REPLACED_CHARS at once, or MAX_OUTPUT_CHARS in all in one text.
    """
    text, old_text, new_text = str(value), str(old), str(new)
    times = text.count(old_text) if old_text else len(text) + 1
    if isinstance(count, int) and count >= 0:
        times = min(times, count)
    size = len(text) + times * (len(new_text) - len(old_text))
    if size > MAX_REPLACED_CHARS:
        raise _TooMuchText(
            f"“|replace” would make more than {MAX_REPLACED_CHARS:,} characters of text"
        )
    budget = _REPLACE_BUDGET.get([MAX_OUTPUT_CHARS])
    budget[0] -= size
    if budget[0] < 0:
        raise _TooMuchText(
            f"its “|replace” make more than {MAX_OUTPUT_CHARS:,} characters of text in all"
        )
    return do_replace(eval_ctx, value, old, new, count)


def _environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=MissingValue,
        finalize=_finalize,
        extensions=[PlainTextExtension],
    )
    # range, lipsum, cycler, joiner, namespace, dict: nothing a letter needs to call.
    env.globals.clear()
    env.filters = {k: v for k, v in env.filters.items() if k in ALLOWED_FILTERS}
    env.filters["replace"] = _replace
    env.tests = {k: v for k, v in env.tests.items() if k in ALLOWED_TESTS}
    return env


ENVIRONMENT = _environment()


def render_text(title: str, body: str, values: Mapping) -> tuple[str, str]:
    """Fill a template in with a record's merge values.

    Args:
        title: the template's title (one line of template text).
        body: the template's body.
        values: merge values in the shape of :data:`models.letters.fields.CATALOGUE`.

    Returns:
        The title as plain text (bold removed, entities read back) and the body as escaped
        paragraph markup, ready for :func:`models.letters.blocks.parse_blocks`.

    Raises:
        MissingFieldError: the letter prints a field the record does not have.
        TemplateError: the template itself cannot be used.
    """
    title_markup = _render(_compiled(title, "title"), values, "title")
    body_markup = _render(_compiled(body, "body"), values, "body")
    return " ".join(markup_to_plain(title_markup).split()), body_markup


def check_template(title: str, body: str) -> None:
    """Refuse a template that cannot be saved, naming the line and what is wrong.

    Checks a one-line title and a body; the template syntax; that only documented merge
    fields are printed or tested and nothing else is reached for (methods, internals,
    includes); then renders both against every field's example value and checks that the
    result splits into well-formed blocks (bold opened and closed within one paragraph).

    Raises:
        TemplateError: with the first problem of the title and the first of the body.
    """
    errors: list[FieldError] = []
    title = (title or "").strip()
    if not title:
        errors.append(FieldError("title", "A template needs a title."))
    elif "\n" in title or "\r" in title:
        errors.append(FieldError("title", "The title must be one line."))
    else:
        errors.extend(_problems(title, "title"))
    if not (body or "").strip():
        errors.append(FieldError("body", "A template needs a body."))
    else:
        errors.extend(_problems(body, "body"))
    if errors:
        raise TemplateError(errors)


@functools.lru_cache(maxsize=256)
def _compiled(source: str, field: str) -> jinja2.Template:
    """Parse, check and compile one template text (cached: a batch renders one text often)."""
    if len(source) > MAX_SOURCE_CHARS:
        message = (
            f"the text is {len(source):,} characters long; a template may be at most "
            f"{MAX_SOURCE_CHARS:,}."
        )
        raise TemplateError(_error(field, message))
    try:
        tree = ENVIRONMENT.parse(source)
        check_tree(tree)
        return ENVIRONMENT.from_string(tree)
    except TemplateSyntaxError as exc:
        message = exc.message or "this is not valid template text"
        message += "" if message.endswith((".", "?")) else "."
        raise TemplateError(_error(field, message, exc.lineno)) from None
    except TemplateProblem as problem:
        raise TemplateError(_error(field, problem.message, problem.line)) from None
    except RecursionError:
        raise TemplateError(_error(field, _NESTED)) from None


def _render(template: jinja2.Template, values: Mapping, field: str) -> str:
    budget = _REPLACE_BUDGET.set([MAX_OUTPUT_CHARS])
    try:
        pieces, size, generated = [], 0, template.generate(values)
        for piece in generated:
            size += len(piece)
            if size > MAX_OUTPUT_CHARS:
                line = _line_printing(template, generated)
                generated.close()
                raise _TooMuchText(
                    f"it prints more than {MAX_OUTPUT_CHARS:,} characters of text", line
                )
            pieces.append(piece)
        markup = "".join(pieces)
    except _TooMuchText as exc:
        message = f"{exc.args[0]}, far more than a letter holds; nothing was printed."
        line = exc.args[1] if len(exc.args) > 1 else _template_line(exc)
        raise TemplateError(_error(field, message, line)) from None
    except RecursionError:
        raise TemplateError(_error(field, _NESTED)) from None
    except SecurityError as exc:
        message = f"{ONLY_FIELDS}; this reaches for something that is not a merge field."
        raise TemplateError(_error(field, message, _template_line(exc))) from None
    except jinja2.TemplateError as exc:
        raise TemplateError(_error(field, f"{exc}.", _template_line(exc))) from None
    except (TypeError, ValueError, LookupError, ArithmeticError) as exc:
        # Python's own words ("'<' not supported between instances of 'str' and 'int'") mean
        # nothing to an administrator: say what kind of mistake it is, and where.
        raise TemplateError(_error(field, _CANNOT_FILL, _template_line(exc))) from None
    finally:
        _REPLACE_BUDGET.reset(budget)
    # Autoescaping writes quotes as character references; paragraph markup needs only & < >.
    return markup.replace("&#34;", '"').replace("&#39;", "'")


def _line_printing(template: jinja2.Template, generated) -> int | None:
    """The template line a paused :meth:`~jinja2.Template.generate` is printing, if known."""
    inner = getattr(generated, "gi_yieldfrom", None)  # the template's own render function
    frame = getattr(inner, "gi_frame", None)
    try:
        return template.get_corresponding_lineno(frame.f_lineno) if frame else None
    except (AttributeError, LookupError, TypeError):
        return None


def _template_line(exc: BaseException) -> int | None:
    """The template line an error was raised at."""
    line = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename == _TEMPLATE_FILE:
            line = lineno
    return line


def _problems(source: str, field: str) -> list[FieldError]:
    """The first problem with one template text (a list of at most one)."""
    try:
        markup = _render_sample(_compiled(source, field), field)
    except TemplateError as exc:
        return exc.errors
    if field == "title":
        if problem := markup_problem(markup):
            return [_error(field, problem + ".")]
        if not markup_to_plain(markup).strip():
            return [_error(field, "it prints nothing.")]
        return []
    blocks = parse_blocks(markup)
    if not blocks:
        return [_error(field, "the body prints nothing.")]
    for block in blocks:
        if problem := markup_problem(block.markup):
            plain = markup_to_plain(block.markup)
            line = _line_of(source, plain)
            return [_error(field, f"{'' if line else f'near “{plain[:40]}”: '}{problem}.", line)]
    return []


def _render_sample(template: jinja2.Template, field: str) -> str:
    try:
        return _render(template, fields.sample_context(), field)
    except MissingFieldError as exc:
        # Every documented field has an example, so this one is not documented.
        message = f"there is no merge field “{exc.path}”. {SEE_LIST}"
        raise TemplateError(_error(field, message, _template_line(exc))) from None


def _line_of(source: str, plain: str) -> int | None:
    """The first source line holding the start of a block's text, when that is literal text."""
    for size in (24, 12, 6):
        snippet = plain.strip()[:size].strip()
        if len(snippet) >= 3:
            for number, line in enumerate(source.splitlines(), start=1):
                if snippet in line.replace("**", ""):
                    return number
    return None
