"""Letters: what a letter says (pure), how it is laid out (reportlab), and letters as records.

- :mod:`models.letters.content` — the dataclasses a letter is made of (no rendering).
- :mod:`models.letters.language` — the languages letters are printed in, their fixed words
  and how each writes a date.
- :mod:`models.letters.fonts` and :mod:`models.letters.layout` — the PDF, by reportlab.
- :mod:`models.letters.templating` — the sandboxed template engine and template checks.
- :mod:`models.letters.templates` — the county's template library, versioned in the database.
- :mod:`models.letters.fields` — the documented merge fields and their values for a record
  (the catalogue itself in :mod:`~models.letters.fields_common` and
  :mod:`~models.letters.fields_records`).
- :mod:`models.letters.compose` — a template and a record make a :class:`LetterContent`.
- :mod:`models.letters.documents` — generated letters as records: draft, approve, issue,
  supersede; :mod:`models.letters.batch` — one letter for many records.
"""
