"""The languages letters are printed in: their fixed words and the way each writes a date.

Template texts (what a letter says) come from the county's template library; the few words the
layout itself prints around them — reference labels, "Page 1 of 2", "DRAFT" — are here, one
table per language. A language not listed here cannot be printed at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Language:
    code: str
    #: Its name in English, for lists in the app.
    name: str
    #: Its name in itself, for the letter and for the people who read it.
    native_name: str
    #: Which embedded font family prints its script (see :mod:`models.letters.fonts`).
    script: str = "latin"


LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("en", "English", "English"),
        Language("es", "Spanish", "Español"),
        Language("zh", "Chinese", "中文", script="han"),
        Language("tl", "Tagalog", "Tagalog"),
        Language("vi", "Vietnamese", "Tiếng Việt"),
        Language("ko", "Korean", "한국어", script="hangul"),
    )
}

#: The words the layout prints around a template's text, per language.
LABELS: dict[str, dict[str, str]] = {
    "en": {
        "our_reference": "Our reference",
        "their_reference": "Your reference",
        "date": "Date",
        "re": "Re:",
        "page": "Page {page} of {pages}",
        "enclosures": "Enclosures",
        "cc": "cc:",
        "draft": "DRAFT",
        "signature": "Signature",
    },
    "es": {
        "our_reference": "Nuestra referencia",
        "their_reference": "Su referencia",
        "date": "Fecha",
        "re": "Asunto:",
        "page": "Página {page} de {pages}",
        "enclosures": "Anexos",
        "cc": "c.c.:",
        "draft": "BORRADOR",
        "signature": "Firma",
    },
    "zh": {
        "our_reference": "本处编号",
        "their_reference": "贵方编号",
        "date": "日期",
        "re": "事由：",
        "page": "第 {page} 页，共 {pages} 页",
        "enclosures": "附件",
        "cc": "抄送：",
        "draft": "草稿",
        "signature": "签名",
    },
    "tl": {
        "our_reference": "Aming sanggunian",
        "their_reference": "Inyong sanggunian",
        "date": "Petsa",
        "re": "Tungkol sa:",
        "page": "Pahina {page} ng {pages}",
        "enclosures": "Mga kalakip",
        "cc": "cc:",
        "draft": "BORADOR",
        "signature": "Lagda",
    },
    "vi": {
        "our_reference": "Số tham chiếu của chúng tôi",
        "their_reference": "Số tham chiếu của quý vị",
        "date": "Ngày",
        "re": "V/v:",
        "page": "Trang {page} / {pages}",
        "enclosures": "Tài liệu đính kèm",
        "cc": "Đồng gửi:",
        "draft": "BẢN NHÁP",
        "signature": "Chữ ký",
    },
    "ko": {
        "our_reference": "당 기관 참조번호",
        "their_reference": "귀 기관 참조번호",
        "date": "날짜",
        "re": "제목:",
        "page": "{page} / {pages} 페이지",
        "enclosures": "첨부",
        "cc": "참조:",
        "draft": "초안",
        "signature": "서명",
    },
}

_MONTHS = {
    "en": "January February March April May June July August September October November December",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre",
    "tl": "Enero Pebrero Marso Abril Mayo Hunyo Hulyo Agosto Setyembre Oktubre Nobyembre Disyembre",
}


def label(code: str, key: str, **values: object) -> str:
    """One of the layout's fixed words in language ``code``, with ``values`` filled in."""
    return LABELS[code][key].format(**values)


def format_letter_date(day: date, code: str) -> str:
    """``day`` as a letter in language ``code`` writes it (``November 25, 2026`` in English)."""
    if code == "en":
        return f"{_month(code, day)} {day.day}, {day.year}"
    if code == "es":
        return f"{day.day} de {_month(code, day)} de {day.year}"
    if code == "tl":
        return f"{_month(code, day)} {day.day}, {day.year}"
    if code == "vi":
        return f"ngày {day.day} tháng {day.month} năm {day.year}"
    if code == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    if code == "ko":
        return f"{day.year}년 {day.month}월 {day.day}일"
    raise KeyError(code)


def _month(code: str, day: date) -> str:
    return _MONTHS[code].split()[day.month - 1]
