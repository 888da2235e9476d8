"""The county policies the desk comes with, said in Spanish in the reports.

Their label and source are stored in English (``county_policies``, seeded by
models/m002_detainers.py). A policy the office added, or one whose recorded text is not the
seeded one, is printed as recorded in both languages.
"""

from __future__ import annotations

#: By policy code: (label, source), each as (seeded English, Spanish).
POLICIES_ES: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "honour_all": (
        ("Honour every detainer", "Atender todas las solicitudes de retención"),
        (
            "No local limit: the hold rule of the form applies",
            "Sin límite local: se aplica la regla de retención del formulario",
        ),
    ),
    "ca_trust_act": (
        ("California TRUST Act (AB 4)", "Ley TRUST de California (AB 4)"),
        (
            "Cal. Gov. Code 7282-7282.5 (AB 4), effective 1 Jan 2014: a hold only for the "
            "conviction categories of Gov. Code 7282.5",
            "Código de Gobierno de California, 7282-7282.5 (AB 4), vigente desde el 1 de enero "
            "de 2014: retención solo por las categorías de condena del artículo 7282.5 del "
            "Código de Gobierno",
        ),
    ),
    "ca_sb54": (
        ("California Values Act (SB 54)", "Ley de Valores de California (SB 54)"),
        (
            "Cal. Gov. Code 7284-7284.12 (SB 54), effective 1 Jan 2018: no holds; release-date "
            "notification only as Gov. Code 7282.5 allows; transfer only on a judicial warrant "
            "or judicial probable-cause determination",
            "Código de Gobierno de California, 7284-7284.12 (SB 54), vigente desde el 1 de enero "
            "de 2018: ninguna retención; aviso de la fecha de puesta en libertad solo en los "
            "casos que permite el artículo 7282.5 del Código de Gobierno; traslado solo con una "
            "orden judicial o una determinación judicial de causa probable",
        ),
    ),
    "santa_clara_3_54": (
        (
            "Santa Clara County Board Policy 3.54",
            "Política 3.54 de la Junta de Supervisores del Condado de Santa Clara",
        ),
        (
            "Santa Clara County Board Policy 3.54 (18 Oct 2011): honour only with a written "
            "agreement that ICE reimburses all costs and a serious or violent felony conviction "
            "within the listed window",
            "Política 3.54 de la Junta de Supervisores del Condado de Santa Clara (18 de octubre "
            "de 2011): se atiende solo con un acuerdo escrito por el que ICE reembolsa todos los "
            "costos y una condena por un delito grave (felony) serio o violento dentro del plazo "
            "indicado",
        ),
    ),
    "dc_24h_cap": (
        (
            "District of Columbia 24-hour cap (2012)",
            "Límite de 24 horas del Distrito de Columbia (2012)",
        ),
        (
            "District of Columbia Immigration Detainer Compliance Amendment Act of 2012: a hold "
            "of at most 24 hours, only for listed convictions",
            "Ley de 2012 del Distrito de Columbia sobre el cumplimiento de las solicitudes de "
            "retención migratoria (Immigration Detainer Compliance Amendment Act): una retención "
            "de 24 horas como máximo, solo por las condenas enumeradas",
        ),
    ),
}


def policy_label(lang: str, code: str, recorded: str) -> str:
    """A county policy's name in ``lang`` (as recorded unless the desk seeded it so)."""
    return _policy_text(lang, code, recorded, 0)


def policy_source(lang: str, code: str, recorded: str) -> str:
    """Where a county policy comes from, in ``lang`` (as recorded unless seeded so)."""
    return _policy_text(lang, code, recorded, 1)


def _policy_text(lang: str, code: str, recorded: str, which: int) -> str:
    if lang != "es" or code not in POLICIES_ES:
        return recorded
    english, spanish = POLICIES_ES[code][which]
    return spanish if recorded.strip() == english else recorded
