"""The sandboxed template engine (models.letters.templating): checks, escaping, missing values."""

import pytest
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from models.errors import DeskError, ValidationError
from models.letters import fields
from models.letters.blocks import markup_to_plain, parse_blocks
from models.letters.content import BlockKind
from models.letters.templating import (
    ENVIRONMENT,
    MissingFieldError,
    MissingValue,
    TemplateError,
    check_template,
    label_in_sentence,
    render_text,
)
from models.m004_letter_texts import TEXTS


def refusal(body, title="Notice"):
    """The messages check_template gives for ``body``, by field."""
    with pytest.raises(TemplateError) as caught:
        check_template(title, body)
    assert isinstance(caught.value, ValidationError)
    return {e.field: e.message for e in caught.value.errors}


def body_of(body, values=None):
    return render_text("Title", body, fields.sample_context() if values is None else values)[1]


def test_the_engine_is_one_sandboxed_autoescaping_environment_with_nothing_to_call():
    assert isinstance(ENVIRONMENT, SandboxedEnvironment)
    assert ENVIRONMENT.autoescape is True
    assert ENVIRONMENT.undefined is MissingValue
    assert ENVIRONMENT.trim_blocks and ENVIRONMENT.lstrip_blocks
    assert ENVIRONMENT.globals == {}
    assert "attr" not in ENVIRONMENT.filters and "safe" not in ENVIRONMENT.filters


# ---- Refused on save, with the line and the field named. -------------------------------------


def test_a_syntax_error_is_refused_with_its_line():
    body = "Dear {{ person.full_name }},\n\nWe write\n{{ booking.number }\nabout it."
    assert refusal(body)["body"].startswith("Line 4: unexpected '}'")


def test_an_unclosed_block_is_refused_with_a_line():
    message = refusal("Hello\n{% if attorney %}\nCopy to {{ attorney.name }}\n")["body"]
    assert message.startswith("Line 3: Unexpected end of template.")
    assert "'endif'" in message


def test_an_unknown_top_level_field_is_refused_naming_field_and_line():
    message = refusal("Dear Sir,\n\n{{ persn.full_name }}")["body"]
    assert message.startswith("Line 3: there is no merge field “persn.full_name”.")
    assert message.endswith("See the list of merge fields.")


def test_a_misspelt_field_of_a_group_is_refused_with_a_suggestion():
    body = "\n".join(["Line one"] * 6 + ["Name: {{ person.famly_name }}"])
    message = refusal(body)["body"]
    assert message.startswith("Line 7: there is no merge field “person.famly_name”.")
    assert "Did you mean “person.family_name”?" in message
    with pytest.raises(TemplateError) as caught:
        check_template("Title", body)
    assert [e.line for e in caught.value.errors] == [7]  # for the editor to put the cursor on


def test_an_unknown_field_of_a_loop_item_is_refused_naming_the_list_field():
    body = "Charges:\n{% for c in charges %}{{ c.statut }}{% endfor %}"
    message = refusal(body)["body"]
    assert message.startswith("Line 2: there is no merge field “c.statut” (“charges[].statut”).")


def test_an_unknown_field_in_an_if_test_is_refused_too():
    assert "“atorney”" in refusal("{% if atorney %}x{% endif %}")["body"]


def test_an_unknown_field_in_the_title_is_refused_on_the_title():
    messages = refusal("Fine body", title="Re: {{ booking.numbr }}")
    assert messages == {
        "title": "In the title: there is no merge field “booking.numbr”. Did you mean "
        "“booking.number”? See the list of merge fields."
    }


def test_title_and_body_problems_are_both_reported():
    messages = refusal("{{ x.y }}", title="{{ a.b }}")
    assert set(messages) == {"title", "body"}


def test_a_title_must_be_one_line_and_both_parts_are_required():
    assert refusal("Body", title="Two\nlines")["title"] == "The title must be one line."
    assert refusal("  \n ", title=" ") == {
        "title": "A template needs a title.",
        "body": "A template needs a body.",
    }


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ("{{ person.__class__ }}", "__class__"),
        ("{{ ''.__class__.__mro__ }}", "__class__"),
        ("{{ cycler.__init__.__globals__ }}", "__init__"),
        ("{{ person['__class__'] }}", "__class__"),
        ("{{ person._private }}", "_private"),
        ("{% include 'x' %}", "{% include %}"),
        ("{% import 'x' as y %}", "{% import %}"),
        ("{% extends 'base' %}", "{% extends %}"),
        ("{% macro m() %}x{% endmacro %}", "{% macro %}"),
        ("{{ person.full_name.upper() }}", "upper()"),
        ("{{ range(100000) }}", "range()"),
        ("{% set x = lipsum() %}", "lipsum()"),
        ("{{ person.full_name|attr('__class__') }}", "|attr"),
        ("{{ person.full_name|safe }}", "|safe"),
        ("{{ 'a' * 1000000000 }}", "*"),
        ("{% for c in charges %}{{ loop.cycle('a', 'b') }}{% endfor %}", "cycle()"),
    ],
)
def test_reaching_for_internals_or_calling_anything_is_refused(body, named):
    message = refusal(f"Dear Sir,\n{body}")["body"]
    assert message == f"Line 2: a template may only print merge fields; “{named}” is not allowed."


def test_the_sandbox_itself_still_refuses_internals_if_a_template_skipped_the_check():
    with pytest.raises(SecurityError):
        ENVIRONMENT.from_string("{{ x.__class__ }}").render(x="text")


def test_printing_a_group_or_a_list_is_refused_with_what_to_write_instead():
    assert "“person” is a group of merge fields" in refusal("{{ person }}")["body"]
    assert "“charges” is a list" in refusal("{{ charges }}")["body"]
    assert "|join" in refusal("{{ detainer.requests }}")["body"]
    assert "is a list; go through it" in refusal("{{ charges.statute }}")["body"]


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ("{{ charges|first }}", "a group of merge fields"),
        ("{{ charges|last }}", "a group of merge fields"),
        ("{{ person ~ '' }}", "a group of merge fields"),
        ("{{ detainer.requests ~ '' }}", "a list"),
        ("{{ detainer.requests|upper }}", "a list"),
        ("{{ person|title }}", "a group of merge fields"),
        ("{{ person|default('nobody') }}", "a group of merge fields, a list or yes/no"),
        ("{{ attorney or designee }}", "a group of merge fields"),
        ("{{ [person.full_name] }}", "a list"),
        ("{% set c = charges|first %}{{ c }}", "a group of merge fields"),
        ("{{ charges|join(', ') }}", "names the field to print"),
        ("{{ detainer.requests_hold }}", "is yes or no, which does not print"),
        ("{{ person.full_name == 'x' }}", "yes or no"),
    ],
)
def test_a_group_a_list_or_yes_no_is_refused_however_it_is_printed(body, said):
    """Else a letter would show Python's own notation: {'statute': 'PC 459', ...}, True."""
    message = refusal(f"Dear Sir,\n{body}")["body"]
    assert message.startswith("Line 2: ") and said in message


def test_join_may_name_one_field_of_each_item_of_a_list_of_groups():
    assert body_of("{{ charges|join(', ', 'statute') }}") == "PC 459, PC 459 (2)"
    assert body_of("{{ charges|join('; ', attribute='description') }}") == (
        "Burglary, second degree; Burglary, second degree (2)"
    )
    for attribute in ("'statute.__class__'", "'__class__'", "'statutes'"):
        assert "Line 1:" in refusal(f"{{{{ charges|join(', ', {attribute}) }}}}")["body"]


@pytest.mark.parametrize(
    ("body", "said"),
    [
        pytest.param(
            "{{ person.full_name" + "|replace('', 'aaaaaaaaaaaaaaaaaaaa')" * 8 + " }}",
            "“|replace” would make more than 20,000 characters",
            id="replace-chain",
        ),
        pytest.param(
            "{{ person.full_name|replace('', person.full_name|replace('', person.full_name|"
            "replace('', person.full_name|replace('', person.full_name)))) }}",
            "“|replace” would make more than 20,000 characters",
            id="replace-nested",
        ),
        pytest.param(
            "{% set a0 = person.full_name ~ person.full_name %}"
            + "".join(f"{{% set a{n + 1} = a{n} ~ a{n} %}}" for n in range(60)),
            "“a0” was made by a {% set %}",
            id="set-doubling",
        ),
        pytest.param(
            "{% set a %}{{ person.full_name }}{{ person.full_name }}{% endset %}"
            + "{% set b %}{{ a }}{{ a }}{% endset %}" * 60,
            "“a” was made by a {% set %}",
            id="set-block-doubling",
        ),
        pytest.param(
            "{% for a in charges %}{% for b in charges %}{% for c in charges %}x"
            "{% endfor %}{% endfor %}{% endfor %}",
            "a {% for %} may not be inside another {% for %}",
            id="nested-loops",
        ),
        pytest.param(  # kept text is never seen by the cap on what prints
            "{% set a %}{% for c in charges %}{{ c.description }}{% endfor %}{% endset %}",
            "a {% for %} may not be inside a {% set %}…{% endset %}",
            id="loop-in-set-block",
        ),
        pytest.param(
            "{% set a %}"
            + ("{{ person.full_name|replace('', '" + "a" * 150 + "') }}") * 400
            + "{% endset %}",
            "its “|replace” make more than 500,000 characters of text in all",
            id="many-replaces-kept-by-set",
        ),
    ],
)
def test_a_template_that_would_multiply_text_without_bound_is_refused_on_save(body, said):
    message = refusal(f"Dear Sir,\n{body}")["body"]
    assert message.startswith("Line 2: ") and said in message


@pytest.mark.parametrize(
    "body",
    [
        "{{ " + "(" * 5000 + "person.full_name" + ")" * 5000 + " }}",
        "{{ " + "not " * 5000 + "person.full_name }}",
        "{% if attorney %}" * 2000 + "x" + "{% endif %}" * 2000,
        "{{ person.full_name" + "|upper" * 5000 + " }}",
    ],
    ids=["brackets", "nots", "ifs", "filters"],
)
def test_text_nested_thousands_deep_is_refused_not_a_crash(body):
    assert refusal(body)["body"].startswith("The text is nested too deeply to be read")


def test_a_template_longer_than_the_limit_is_refused_with_its_length():
    body = "The county declines. " * 5000
    assert refusal(body)["body"] == (
        f"The text is {len(body):,} characters long; a template may be at most 100,000."
    )


def test_a_letter_that_prints_far_too_much_for_its_record_stops_naming_the_line():
    values = fields.sample_context()
    values["charges"] = [
        fields.Record("charges[]", {"statute": "PC 459", "description": "x" * 5_000})
        for _ in range(200)
    ]
    body = "Charges:\n{% for c in charges %}\n- {{ c.description }}\n{% endfor %}"
    check_template("Notice", body)
    with pytest.raises(TemplateError) as caught:
        render_text("Notice", body, values)
    assert caught.value.errors[0].message == (
        "Line 3: it prints more than 500,000 characters of text, far more than a letter holds; "
        "nothing was printed."
    )


def test_a_for_loop_over_a_field_that_is_not_a_list_is_refused():
    assert "“person” is not a list" in refusal("{% for p in person %}x{% endfor %}")["body"]


def test_fields_filters_tests_loops_and_set_that_only_print_fields_pass():
    check_template(
        "Re: **{{ person.full_name|upper }}** ({{ booking.number }})",
        "# Notice to {{ person.full_name }}\n\n"
        "{% set p = person %}\n"
        "Dear {{ p.given_names|default('Sir or Madam') }},\n"
        "{% if attorney and attorney.name is defined %}\n"
        "cc {{ attorney.name }}\n"
        "{% elif designee %}\n"
        "cc {{ designee.name }}\n"
        "{% endif %}\n"
        "\n"
        "{% for c in charges if c.disposition %}\n"
        "- {{ loop.index }}. {{ c.statute ~ ' ' ~ c.description }}\n"
        "{% else %}\n"
        "No charges.\n"
        "{% endfor %}\n"
        "Asked: {{ detainer.requests|join(', ') }}; first {{ charges[0].statute }}.\n"
        "{{ 'Yes' if detainer.requests_hold else 'No' }}\n"
        "\n"
        "___ Signature of {{ person.full_name }}",
    )


@pytest.mark.parametrize(
    ("title", "body"), [pytest.param(t, b, id=f"{c}-{lang}") for c, lang, t, b in TEXTS]
)
def test_every_shipped_template_passes_the_check(title, body):
    check_template(title, body)


# ---- Literal text is plain text; values are escaped; bold. ------------------------------------


def test_literal_text_and_values_come_out_escaped_and_read_back_exactly():
    values = fields.sample_context()
    values["person"]["full_name"] = 'O\'Neil & <Co> "Ltd"'
    title, markup = render_text(
        "Re: Smith & <Jones> / {{ person.full_name }}",
        "Smith & <Jones> wrote to {{ person.full_name }}.",
        values,
    )
    assert title == 'Re: Smith & <Jones> / O\'Neil & <Co> "Ltd"'
    assert markup == 'Smith &amp; &lt;Jones&gt; wrote to O\'Neil &amp; &lt;Co&gt; "Ltd".'
    assert markup_to_plain(markup) == 'Smith & <Jones> wrote to O\'Neil & <Co> "Ltd".'


def test_entity_like_text_prints_as_typed_not_as_a_character():
    markup = body_of("Fish &amp; chips &lt;3 {{ '&copy;' }}")
    assert markup_to_plain(markup) == "Fish &amp; chips &lt;3 &copy;"


def test_every_merge_field_prints_its_example_exactly():
    for field in fields.CATALOGUE:
        if "[]" in field.path or isinstance(field.example, (list, bool)):
            continue  # lists go through {% for %}; yes/no fields are for {% if %}
        markup = body_of("{{ " + field.path + " }}")
        assert markup_to_plain(markup) == str(field.example), field.path


def test_accents_vietnamese_chinese_and_korean_print_as_typed():
    values = fields.sample_context()
    values["person"]["full_name"] = "Nguyễn Thị Minh Khai 王小明 김민준 Müller Şükrü"
    assert body_of("{{ person.full_name }}", values) == values["person"]["full_name"]


def test_double_stars_make_bold_even_around_a_value():
    markup = body_of("A **firm** notice to **{{ person.family_name }}**.")
    assert markup == "A <b>firm</b> notice to <b>Núñez</b>."


def test_stars_inside_a_value_are_not_bold():
    values = fields.sample_context()
    values["person"]["family_name"] = "**Star**"
    assert body_of("{{ person.family_name }}", values) == "**Star**"


def test_an_unpaired_double_star_is_refused_with_the_line_it_opens_on():
    message = refusal("Fine\nA **bold start\nand no end")["body"]
    assert message.startswith("Line 2: “**” starts bold text that never ends")


def test_bold_running_over_a_blank_line_is_refused():
    message = refusal("Para **one\n\ntwo** ends")["body"]
    assert message == "Line 1: bold text (**) must end within its paragraph."


def test_a_value_with_newlines_stays_in_its_paragraph():
    values = fields.sample_context()
    values["detainer"]["decision_reason"] = "First line.\n\n- not a bullet\n# not a heading"
    blocks = parse_blocks(body_of("Reason: {{ detainer.decision_reason }}", values))
    assert [b.kind for b in blocks] == [BlockKind.PARAGRAPH]
    assert blocks[0].markup == "Reason: First line. - not a bullet # not a heading"


def test_loops_render_one_line_per_item():
    body = "{% for c in charges %}\n- {{ c.statute }}: {{ c.description }}\n{% endfor %}"
    blocks = parse_blocks(body_of(body))
    assert [(b.kind, b.markup) for b in blocks] == [
        (BlockKind.BULLET, "PC 459: Burglary, second degree"),
        (BlockKind.BULLET, "PC 459 (2): Burglary, second degree (2)"),
    ]


# ---- Missing values. --------------------------------------------------------------------------


def test_a_missing_value_stops_the_letter_naming_the_field_and_its_label():
    values = fields.sample_context()
    del values["booking"]["number"]
    with pytest.raises(MissingFieldError) as caught:
        render_text("Notice", "Dear Sir,\n\nBooking {{ booking.number }}.", values)
    error = caught.value
    assert isinstance(error, DeskError)
    assert (error.path, error.label) == ("booking.number", "Booking number")
    assert str(error) == (
        "This letter needs the booking number (booking.number), and the record has none."
    )


def test_a_missing_group_stops_the_letter_naming_the_field_printed():
    values = fields.sample_context()
    del values["attorney"]
    with pytest.raises(MissingFieldError) as caught:
        render_text("Notice", "cc {{ attorney.name }}", values)
    assert caught.value.path == "attorney.name"
    assert str(caught.value).startswith("This letter needs the attorney (attorney.name)")


def test_a_missing_value_in_the_title_stops_the_letter_too():
    values = fields.sample_context()
    del values["person"]["a_number"]
    with pytest.raises(MissingFieldError, match=r"needs the A-number \(person\.a_number\)"):
        render_text("Re: {{ person.a_number }}", "Body", values)


def test_a_missing_field_of_a_list_item_names_the_item_field():
    values = fields.sample_context()
    del values["charges"][1]["disposition"]
    with pytest.raises(MissingFieldError) as caught:
        body_of("{% for c in charges %}{{ c.disposition }}\n{% endfor %}", values)
    assert caught.value.path == "charges[].disposition"
    assert caught.value.label == "Disposition"


def test_looping_over_a_missing_list_stops_the_letter():
    values = fields.sample_context()
    del values["charges"]
    with pytest.raises(MissingFieldError, match=r"\(charges\)"):
        body_of("{% for c in charges %}- {{ c.statute }}\n{% endfor %}", values)


def test_a_missing_value_is_false_in_if_and_takes_a_default():
    values = fields.sample_context()
    del values["attorney"]
    del values["person"]["a_number"]
    body = (
        "{% if attorney %}cc {{ attorney.name }}{% else %}no attorney{% endif %}; "
        "{% if attorney.name %}named{% else %}unnamed{% endif %}; "
        "{{ person.a_number|default('no A-number') }}; "
        "{{ 'has' if person.a_number is defined else 'lacks' }}"
    )
    assert body_of(body, values) == "no attorney; unnamed; no A-number; lacks"


@pytest.mark.parametrize(
    "body",
    [
        "{% if person.full_name < 3 %}x{% endif %}",
        "{{ person.full_name|replace('a', 'b', 'x') }}",
        "{{ person.full_name|title(1) }}",
        "{% if person.full_name is odd %}x{% endif %}",
    ],
)
def test_a_value_used_the_wrong_way_is_refused_in_words_not_python_s(body):
    message = refusal(f"Dear Sir,\n{body}")["body"]
    assert message.startswith("Line 2: this cannot be filled in from a record: it uses a value")
    assert "'" not in message and "()" not in message and "instances" not in message


def test_a_record_whose_value_breaks_the_template_stops_the_letter_with_the_line():
    body = "Dear Sir,\n{% if person.full_name < 'M' %}early{% endif %}"
    check_template("Notice", body)
    values = fields.sample_context()
    values["person"]["full_name"] = 42  # not text, as a record could never give: no traceback
    with pytest.raises(TemplateError) as caught:
        render_text("Notice", body, values)
    assert caught.value.errors[0].message.startswith("Line 2: this cannot be filled in")


def test_a_template_that_fails_the_check_is_not_rendered_either():
    with pytest.raises(TemplateError, match="“__class__” is not allowed"):
        render_text("T", "{{ person.__class__ }}", fields.sample_context())


@pytest.mark.parametrize(
    ("label", "in_sentence"),
    [
        ("Booking number", "booking number"),
        ("A-number", "A-number"),
        ("ICE office", "ICE office"),
        ("TRUTH Act ICE interview consent form", "TRUTH Act ICE interview consent form"),
        ("Agency ORI", "agency ORI"),
    ],
)
def test_labels_read_in_a_sentence_keep_acronyms(label, in_sentence):
    assert label_in_sentence(label) == in_sentence
