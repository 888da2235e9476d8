"""Every fixed word of the Board and community-forum reports, in English and Spanish.

Keyed by the statistics' own keys (``decisions.decline``, ``requests.hold``) and table keys
(``decisions``, ``levels``) where a figure is named, and by a short name for the report's own
sentences. What the office's tables name — fingerprint results, form names, criminality codes,
offense levels, countries — is printed as recorded in both languages; the county policies
the desk comes with are said in Spanish by :mod:`models.reports.policy_words`.

Numbers follow US usage in both languages (es-US): ``1,234`` and ``12.5``; Spanish writes a
space before the percent sign (``26 %``).
"""

from __future__ import annotations

from models.stats.figures import Note

LANGS = ("en", "es")

#: Row labels of the fixed vocabularies, and the "not recorded" rows, in Spanish. English rows
#: keep the statistics' own labels so the report and the Dashboard say the same thing.
ROWS_ES = {
    "requests.hold": "Retención solicitada",
    "requests.notification": "Aviso de puesta en libertad solicitado",
    "requests.transfer": "Traslado solicitado",
    "decisions.honour": "Atendida",
    "decisions.decline": "Rechazada",
    "decisions.notify_only": "Solo aviso",
    "decisions.pending": "Sin decisión todavía",
    "outcomes.released_to_ice": "Entregada a ICE",
    "outcomes.released": "Puesta en libertad en la comunidad",
    "outcomes.lifted": "Retirada por ICE",
    "outcomes.expired": "Vencida",
    "outcomes.superseded": "Sustituida por un nuevo formulario",
    "outcomes.open": "Todavía abierta",
    "convictions.none": "Sin condena",
    "convictions.non_violent": "Con condena, sin delito violento",
    "convictions.violent": "Con condena por un delito violento",
    "sexes.F": "Mujer",
    "sexes.M": "Hombre",
    "sexes.X": "No binario (X)",
    "sexes.U": "Desconocido",
    "sexes.none": "No registrado",
    "countries.none": "No registrado",
    "criminality.none": "No registrado",
    "responses.none": "Sin resultado de huellas registrado",
}

_EN = {
    # -- the memo -------------------------------------------------------------------------------
    "board_title": "Secure Communities and immigration detainers: {period}",
    "forum_title": "TRUTH Act community forum: ICE access to people in county custody, {period}",
    "board": "Board of Supervisors",
    "from": "From:",
    "prepared_by": "Prepared by:",
    "as_of": "As of {when}: every figure is counted from the office's record as it stood then.",
    "period": "Period:",
    "period_how": "arrests are counted by the day they were booked and detainers by the day "
    "they were received, in county time",
    "scope": "Arrests counted:",
    "scope_all": "all facilities and arresting agencies",
    "scope_facility": "facility {name}",
    "scope_agency": "arresting agency ORI {ori}",
    "board_intro": "This report gives the office's figures for the period below: arrests "
    "flagged to federal immigration authorities through fingerprint sharing (Secure "
    "Communities), the immigration detainers that followed, what the county decided, and what "
    "became of them.",
    "forum_intro": "The TRUTH Act (Gov. Code §§ 7283–7283.2) calls for an annual community "
    "forum on ICE's access to people in the custody of local law enforcement. This report "
    "gives the office's figures on that access for the period below.",
    "as_of_end": "These figures are from the office's record as of {when}.",
    "closing": "Respectfully submitted,",
    # -- policy ---------------------------------------------------------------------------------
    "h_policy": "Policy in force",
    "policy_end": "On {date}, the last day of the period, the county's detainer policy was: "
    "<b>{label}</b>.",
    "policy_today": "On {date}, the day these figures were counted (the period runs to "
    "{end}), the county's detainer policy was: <b>{label}</b>.",
    "policy_source": "Source: {source}.",
    "policy_changed": "The policy changed during the period:",
    "policy_from": "From {date}: {label}",
    "policy_start": "From {date}, the start of the period: {label}",
    "policy_same": "The policy did not change during the period.",
    # -- figures --------------------------------------------------------------------------------
    "h_headline": "Headline figures",
    "figure": "Figure",
    "number": "Number",
    "flagged": "Arrests flagged (IDENT match)",
    "flagged_persons": "People flagged",
    "detainers": "Detainers received",
    "released_to_ice": "Released to ICE",
    "consent_forms": "TRUTH Act interview consent forms issued",
    "h_shares": "Convictions of the people flagged",
    "share.no_conviction": "{pct} of the people flagged ({num} of {den}) had no criminal "
    "conviction.",
    "share.not_violent": "{pct} of the people flagged ({num} of {den}) had not been convicted "
    "of a violent crime.",
    "share.no_data": "There is no data on convictions: nobody was flagged in the period "
    "(0 of 0), so no share can be given.",
    "share.national": "For comparison, ICE's own national figures (reported by MSNBC on "
    "October 15, 2010): of the 56,358 people deported through the program through August "
    "2010, 26% had no criminal conviction and 78% had not been convicted of a violent crime.",
    "h_charts": "Charts",
    "chart_months": "Arrests flagged and detainers received, by month",
    "chart_detainers_months": "ICE requests (detainers) received, by month",
    "series_flagged": "Arrests flagged",
    "series_detainers": "Detainers received",
    "chart_decisions": "The county's decisions on the detainers",
    "chart_convictions": "Conviction status of the people flagged",
    "chart_of_detainers": "Of {n} detainers received in the period.",
    "chart_of_detainers_one": "Of {n} detainer received in the period.",
    "chart_of_people": "Of {n} people flagged in the period.",
    "chart_of_people_one": "Of {n} person flagged in the period.",
    "chart_none": "Nothing to chart: no {what} in the period.",
    "none_detainers": "detainer was received",
    "none_people": "person was flagged",
    "none_months": "arrest was flagged and no detainer received",
    "h_details": "The figures in detail",
    "share_col": "Share",
    "total": "Total",
    "requests_note": "A detainer may ask for more than one of these, so the rows are not added up.",
    "levels_note": "Offense levels are counted per scheme, as recorded; levels of different "
    "schemes are never added together.",
    "level_meaning": "Meaning (as recorded)",
    "h_held": "Time held beyond release eligibility",
    "held": "Of the {recorded} honoured detainers with both times recorded, {n} people were "
    "held past the time they would otherwise have been released: median {median} hours, "
    "longest {max} hours.",
    "held_one": "Of the {recorded} honoured detainers with both times recorded, 1 person was "
    "held past the time they would otherwise have been released, by {median} hours.",
    "held_nobody": "Of the {recorded} honoured detainers with both times recorded, nobody was "
    "held past the time they would otherwise have been released.",
    "held_only_one": "On the one honoured detainer with both times recorded, the person was "
    "held {median} hours past the time they would otherwise have been released.",
    "held_only_one_not": "On the one honoured detainer with both times recorded, the person was "
    "not held past the time they would otherwise have been released.",
    "held_none": "No honoured detainer in the period has both the time the person would "
    "otherwise have been released and the time of release recorded, so there is no time held "
    "to report.",
    "h_cost": "Staff cost estimate",
    "cost": "{detainers} × {hours} each × {rate} an hour = <b>{total}</b>.",
    "cost_detainers": "{n} detainers",
    "cost_detainers_one": "{n} detainer",
    "cost_hours": "{n} staff hours",
    "cost_hours_one": "{n} staff hour",
    "cost_note": "An estimate from the hours and the hourly cost entered for this report, not "
    "from time records.",
    "h_notes": "Notes",
    "note_counting": "Each flagged arrest is one booking whose latest fingerprint result is an "
    "IDENT match; a person arrested twice is counted in each arrest but once among the people "
    "flagged.",
    # -- the forum report -----------------------------------------------------------------------
    "h_access": "ICE access by type",
    "access_type": "Type of ICE request",
    "access_detainers": "In the period the county received {n} ICE requests (detainers, "
    "notification and transfer requests). They asked for:",
    "access_detainers_one": "In the period the county received {n} ICE request (a detainer, "
    "notification or transfer request). It asked for:",
    "access_detainers_none": "In the period the county received no ICE request (detainer, "
    "notification or transfer request).",
    "h_decisions": "What the county decided",
    "h_interviews": "Interviews",
    "interviews": "{n} TRUTH Act interview consent forms were issued in the period.",
    "interviews_one": "One TRUTH Act interview consent form was issued in the period.",
    "interviews_none": "No TRUTH Act interview consent form was issued in the period.",
    "interviews_outcome": "Consent outcome not recorded: the record does not say whether each "
    "person agreed to the interview, nor whether an interview took place.",
    "language": "Language",
    "forms": "Forms",
    "h_people": "The people flagged",
    "people_note": "Sex and country of birth as recorded, of the people flagged in the period.",
}

_ES = {
    "board_title": "Secure Communities y solicitudes de retención: {period}",
    # Short enough for the running header of later pages, whatever the period's dates.
    "forum_title": "Foro comunitario de la Ley TRUTH: acceso de ICE, {period}",
    "board": "Junta de Supervisores",
    "from": "De:",
    "prepared_by": "Preparado por:",
    "as_of": "Datos al {when}: cada cifra se cuenta a partir del registro de la oficina en ese "
    "momento.",
    "period": "Período:",
    "period_how": "los arrestos se cuentan por el día del ingreso en el centro de detención y "
    "las solicitudes de retención por el día en que se recibieron, en la hora del condado",
    "scope": "Arrestos contados:",
    "scope_all": "todos los centros de detención y todas las agencias que arrestan",
    "scope_facility": "centro de detención {name}",
    "scope_agency": "agencia que arresta con ORI {ori}",
    "board_intro": "Este informe presenta las cifras de la oficina para el período indicado: "
    "los arrestos señalados a las autoridades federales de inmigración mediante el intercambio "
    "de huellas dactilares (Secure Communities), las solicitudes de retención migratoria "
    "(detainers) que siguieron, lo que decidió el condado y qué fue de ellas.",
    "forum_intro": "La Ley TRUTH (Código de Gobierno, §§ 7283–7283.2) prevé un foro "
    "comunitario anual sobre el acceso de ICE a las personas bajo custodia de las fuerzas del "
    "orden locales. Este informe presenta las cifras de la oficina sobre ese acceso para el "
    "período indicado.",
    "as_of_end": "Estas cifras proceden del registro de la oficina al {when}.",
    "closing": "Atentamente,",
    "h_policy": "Política vigente",
    "policy_end": "El {date}, último día del período, la política del condado sobre las "
    "solicitudes de retención era: <b>{label}</b>.",
    "policy_today": "El {date}, día en que se contaron estas cifras (el período llega hasta el "
    "{end}), la política del condado sobre las solicitudes de retención era: <b>{label}</b>.",
    "policy_source": "Fuente: {source}.",
    "policy_changed": "La política cambió durante el período:",
    "policy_from": "Desde el {date}: {label}",
    "policy_start": "Desde el {date}, inicio del período: {label}",
    "policy_same": "La política no cambió durante el período.",
    "h_headline": "Cifras principales",
    "figure": "Cifra",
    "number": "Número",
    "flagged": "Arrestos señalados (coincidencia en IDENT)",
    "flagged_persons": "Personas señaladas",
    "detainers": "Solicitudes de retención recibidas",
    "released_to_ice": "Entregas a ICE",
    "consent_forms": "Formularios de consentimiento para entrevistas (Ley TRUTH) emitidos",
    "h_shares": "Condenas de las personas señaladas",
    "share.no_conviction": "El {pct} de las personas señaladas ({num} de {den}) no tenía "
    "ninguna condena penal.",
    "share.not_violent": "El {pct} de las personas señaladas ({num} de {den}) no había sido "
    "condenado por un delito violento.",
    "share.no_data": "No hay datos sobre condenas: nadie fue señalado en el período (0 de 0), "
    "así que no se puede dar ningún porcentaje.",
    "share.national": "Como comparación, las cifras nacionales de ICE (publicadas por MSNBC el "
    "15 de octubre de 2010): de las 56,358 personas deportadas mediante el programa hasta "
    "agosto de 2010, el 26\u00a0% no tenía ninguna condena penal y el 78\u00a0% no había "
    "sido condenado por un delito violento.",
    "h_charts": "Gráficos",
    "chart_months": "Arrestos señalados y solicitudes de retención recibidas, por mes",
    "chart_detainers_months": "Solicitudes de ICE (detainers) recibidas, por mes",
    "series_flagged": "Arrestos señalados",
    "series_detainers": "Solicitudes recibidas",
    "chart_decisions": "Las decisiones del condado sobre las solicitudes de retención",
    "chart_convictions": "Antecedentes penales de las personas señaladas",
    "chart_of_detainers": "De {n} solicitudes de retención recibidas en el período.",
    "chart_of_detainers_one": "De {n} solicitud de retención recibida en el período.",
    "chart_of_people": "De {n} personas señaladas en el período.",
    "chart_of_people_one": "De {n} persona señalada en el período.",
    "chart_none": "Nada que representar: en el período no {what}.",
    "none_detainers": "se recibió ninguna solicitud de retención",
    "none_people": "se señaló a ninguna persona",
    "none_months": "se señaló ningún arresto ni se recibió ninguna solicitud",
    "h_details": "Las cifras en detalle",
    "share_col": "Porcentaje",
    "total": "Total",
    "requests_note": "Una solicitud puede pedir más de una de estas cosas, por eso las filas no "
    "se suman.",
    "levels_note": "Los niveles de delito se cuentan por esquema, tal como se registraron; los "
    "niveles de esquemas distintos nunca se suman.",
    "level_meaning": "Significado (tal como se registró)",
    "h_held": "Tiempo de retención después de la fecha de libertad",
    "held": "De las {recorded} solicitudes atendidas con ambas horas registradas, {n} personas "
    "permanecieron retenidas después del momento en que habrían quedado en libertad: mediana "
    "de {median} horas, máximo de {max} horas.",
    "held_one": "De las {recorded} solicitudes atendidas con ambas horas registradas, 1 persona "
    "permaneció retenida después del momento en que habría quedado en libertad, durante "
    "{median} horas.",
    "held_nobody": "De las {recorded} solicitudes atendidas con ambas horas registradas, "
    "ninguna persona permaneció retenida después del momento en que habría quedado en libertad.",
    "held_only_one": "En la única solicitud atendida con ambas horas registradas, la persona "
    "permaneció retenida {median} horas después del momento en que habría quedado en libertad.",
    "held_only_one_not": "En la única solicitud atendida con ambas horas registradas, la persona "
    "no permaneció retenida después del momento en que habría quedado en libertad.",
    "held_none": "Ninguna solicitud atendida en el período tiene registradas a la vez la hora en "
    "que la persona habría quedado en libertad y la hora de salida, así que no hay tiempo de "
    "retención que informar.",
    "h_cost": "Estimación del costo de personal",
    "cost": "{detainers} × {hours} cada una × {rate} por hora = <b>{total}</b>.",
    "cost_detainers": "{n} solicitudes",
    "cost_detainers_one": "{n} solicitud",
    "cost_hours": "{n} horas de personal",
    "cost_hours_one": "{n} hora de personal",
    "cost_note": "Una estimación a partir de las horas y del costo por hora indicados para este "
    "informe, no de registros de horas.",
    "h_notes": "Notas",
    "note_counting": "Cada arresto señalado es un ingreso cuyo último resultado de huellas es "
    "una coincidencia en IDENT; una persona arrestada dos veces cuenta en cada arresto, pero "
    "una sola vez entre las personas señaladas.",
    "h_access": "Acceso de ICE por tipo",
    "access_type": "Tipo de solicitud de ICE",
    "access_detainers": "En el período el condado recibió {n} solicitudes de ICE (de "
    "retención, de aviso y de traslado). Pedían:",
    "access_detainers_one": "En el período el condado recibió {n} solicitud de ICE (de "
    "retención, de aviso o de traslado). Pedía:",
    "access_detainers_none": "En el período el condado no recibió ninguna solicitud de ICE (de "
    "retención, de aviso ni de traslado).",
    "h_decisions": "Lo que decidió el condado",
    "h_interviews": "Entrevistas",
    "interviews": "En el período se emitieron {n} formularios de consentimiento para "
    "entrevistas de la Ley TRUTH.",
    "interviews_one": "En el período se emitió un formulario de consentimiento para entrevistas "
    "de la Ley TRUTH.",
    "interviews_none": "En el período no se emitió ningún formulario de consentimiento para "
    "entrevistas de la Ley TRUTH.",
    "interviews_outcome": "Resultado del consentimiento no registrado: el registro no indica si "
    "cada persona aceptó la entrevista ni si la entrevista tuvo lugar.",
    "language": "Idioma",
    "forms": "Formularios",
    "h_people": "Las personas señaladas",
    "people_note": "Sexo y país de nacimiento tal como se registraron, de las personas "
    "señaladas en el período.",
}

#: Table titles and the heading of each table's first column, by table key.
TABLES = {
    "en": {
        "responses": ("Arrests by fingerprint result", "Fingerprint result"),
        "forms": ("Detainers by form", "Form"),
        "requests": ("What the detainers asked for", "Request"),
        "decisions": ("The county's decisions", "Decision"),
        "outcomes": ("What became of the detainers", "Outcome"),
        "convictions": ("Conviction status of the people flagged", "Conviction status"),
        "levels": ("Offense level of the flagged arrests: {scheme}", "Level"),
        "criminality": ("ICE criminality code of the flagged arrests", "Criminality code"),
        "countries": ("Country of birth of the people flagged", "Country of birth"),
        "sexes": ("Sex of the people flagged", "Sex"),
        "consent_languages": ("Interview consent forms issued, by language", "Language"),
    },
    "es": {
        "responses": ("Arrestos según el resultado de las huellas", "Resultado de las huellas"),
        "forms": ("Solicitudes de retención según el formulario", "Formulario"),
        "requests": ("Qué pedían las solicitudes de retención", "Solicitud"),
        "decisions": ("Las decisiones del condado", "Decisión"),
        "outcomes": ("Qué fue de las solicitudes de retención", "Resultado"),
        "convictions": ("Antecedentes penales de las personas señaladas", "Antecedentes"),
        "levels": ("Nivel de delito de los arrestos señalados: {scheme}", "Nivel"),
        "criminality": (
            "Código de criminalidad de ICE de los arrestos señalados",
            "Código de criminalidad",
        ),
        "countries": ("País de nacimiento de las personas señaladas", "País de nacimiento"),
        "sexes": ("Sexo de las personas señaladas", "Sexo"),
        "consent_languages": ("Formularios de consentimiento emitidos, por idioma", "Idioma"),
    },
}

#: The column heading of a count, by what it counts (:class:`models.stats.figures.Unit`).
UNITS = {
    "en": {"bookings": "Arrests", "detainers": "Detainers", "persons": "People"},
    "es": {"bookings": "Arrestos", "detainers": "Solicitudes", "persons": "Personas"},
}

MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "es": ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"),
}

#: The statistics' notes, read back so they can be said in Spanish: pattern → Spanish.
_NOTES_ES = {
    "no_level": (
        "1 arresto señalado no tiene ningún nivel de delito registrado en ningún esquema.",
        "{n} arrestos señalados no tienen ningún nivel de delito registrado en ningún esquema.",
    ),
}

WORDS = {"en": _EN, "es": _ES}


def word(lang: str, key: str, **values: object) -> str:
    """The report's sentence or word ``key`` in ``lang``, with ``values`` filled in."""
    return WORDS[lang][key].format(**values)


def counted(lang: str, key: str, n: int, **values: object) -> str:
    """Sentence ``key`` said of ``n`` things, with ``n`` (as ``1,234``) and ``values`` filled in.

    Its ``_one`` form is used for 1 and its ``_none`` form for 0, where it has them.
    """
    forms = WORDS[lang]
    if n == 1 and f"{key}_one" in forms:
        key = f"{key}_one"
    elif n == 0 and f"{key}_none" in forms:
        key = f"{key}_none"
    return word(lang, key, n=count(n), **values)


def table_words(lang: str, key: str) -> tuple[str, str]:
    """The title and first-column heading of table ``key`` (``levels.<scheme>`` → levels)."""
    return TABLES[lang][key.split(".", 1)[0]]


def row_label(lang: str, key: str, recorded: str) -> str:
    """A table row's label: translated when it is a fixed word, else as recorded."""
    return ROWS_ES.get(key, recorded) if lang == "es" else recorded


def note(lang: str, note: Note) -> str:
    """One of the statistics' notes in ``lang`` (a note not known here stays as written)."""
    if lang == "es" and note.key in _NOTES_ES:
        one, many = _NOTES_ES[note.key]
        return one if note.value == 1 else many.format(n=count(note.value))
    return note.text


def count(n: int) -> str:
    """A whole number as both languages print it here: ``1,234``."""
    return f"{n:,}"


def percent(value: float, lang: str) -> str:
    """A whole percentage: ``26%``, in Spanish ``26 %`` (a space that does not break)."""
    return f"{value:.0f}\u00a0%" if lang == "es" else f"{value:.0f}%"


def decimal(value: float) -> str:
    """Hours to one decimal: ``12.5``."""
    return f"{value:,.1f}"


def month_label(lang: str, month, *, with_year: bool = True) -> str:
    """``Jan 2009`` / ``ene 2009`` (or ``Jan`` alone): a month under a chart's bars."""
    name = MONTHS[lang][month.month - 1]
    return f"{name} {month.year}" if with_year else name
