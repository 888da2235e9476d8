"""The letter subcommands: list the template library, make one letter, make a batch of letters.

The folder of the PDF asked for is checked before anything is saved (so a folder that cannot be
written to is refused with nothing saved); the PDF is written once the letters are stored, to a
temporary file renamed into place (:func:`models.files.write_atomically`), so no reader ever
sees half a file.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from models.cli_detainers import _print_table
from models.errors import DeskError
from models.files import check_writable_folder, write_atomically
from models.letters.about import parse_about
from models.letters.batch import detainers_received_on, run_batch
from models.letters.compose import LetterRequest
from models.letters.documents import (
    APPROVERS,
    NOT_APPROVER,
    approve_document,
    create_document,
    document_pdf,
    issue_document,
)
from models.letters.language import LANGUAGES
from models.letters.templates import template_library
from models.staff import current_staff
from models.store import open_database, write_transaction
from models.timeutil import DateParseError, format_date, parse_date

NOT_LOADED = "not yet loaded"


def cmd_templates_list(db_path: Path, as_json: bool) -> int:
    """Every letter type in every language it must be producible in, and what is loaded."""
    db = open_database(db_path, create=False)
    slots = template_library(db)
    rows = []
    for slot in slots:
        active = slot.active
        rows.append(
            {
                "code": slot.code,
                "label": slot.type_label,
                "language": slot.language,
                "version": active.version if active else None,
                "status": str(active.status) if active else NOT_LOADED,
                "title": active.title if active else None,
                "versions": slot.version_count,
            }
        )
    if as_json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    _print_table(
        ("Code", "Language", "Version", "Status", "Title"),
        [
            (
                r["code"],
                r["language"],
                str(r["version"] or ""),
                r["status"],
                r["title"] or f"({r['label']})",
            )
            for r in rows
        ],
    )
    return 0


def cmd_letter(db_path: Path, args) -> int:
    """Make one letter as a draft (or, with ``--issue``, approved and issued); write its PDF."""
    about = parse_about(args.about)
    language = _language(args.lang)
    db = open_database(db_path, create=False)
    actor = current_staff(db)
    if args.issue and actor.role not in APPROVERS:
        raise DeskError(
            f"--issue: {NOT_APPROVER} You are {actor.full_name} ({actor.role}): make the draft "
            "without --issue and ask an attorney to approve it. Nothing was saved."
        )
    request = LetterRequest(args.code, language, about, their_reference=args.their_ref or "")
    with _pdf_output(args.output) as out:
        # One transaction for the draft, its approval and its issue: a failure at any step
        # leaves nothing (one letter renders in well under a second, so the lock is short).
        with write_transaction(db):
            doc = create_document(db, actor, request)
            if args.issue:
                doc = approve_document(db, actor, doc.id, doc.row_version)
                doc = issue_document(db, actor, doc.id, doc.row_version)
        out.append(document_pdf(db, doc.id))
    if args.json:
        data = {
            "id": doc.id,
            "our_reference": doc.our_reference,
            "status": str(doc.status),
            "pages": doc.page_count,
            "sha256": doc.sha256,
            "filed_as_id": doc.filed_as_id,
            "output": str(out.target),
        }
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    filed = f"; filed as outgoing letter {doc.filed_as_id}" if doc.filed_as_id else ""
    pages = f"{doc.page_count} page" + ("" if doc.page_count == 1 else "s")
    print(
        f"Letter {doc.our_reference} ({doc.status.label.lower()}, {pages}) "
        f"written to {out.target}{filed}."
    )
    return 0


def cmd_letters_batch(db_path: Path, args) -> int:
    """The same letter for every detainer received on a day, as drafts; one combined PDF."""
    try:
        day = parse_date(args.detainers_received)
    except DateParseError as exc:
        raise DeskError(f"--detainers-received: {exc}") from None
    if day is None:
        raise DeskError("--detainers-received needs a date, such as 11/25/2026")
    language = _language(args.lang)
    db = open_database(db_path, create=False)
    actor = current_staff(db)
    abouts = detainers_received_on(db, day)
    if not abouts:
        raise DeskError(f"No detainer was received on {format_date(day)}; no letter was made.")
    with _pdf_output(args.output) as out:
        result = run_batch(
            db,
            actor,
            args.code,
            language,
            abouts,
            selection=f"Detainers received {format_date(day)}",
        )
        out.append(result.pdf)
    if args.json:
        data = {
            "batch_id": result.batch_id,
            "document_ids": list(result.document_ids),
            "count": len(result.document_ids),
            "output": str(out.target),
        }
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    count = len(result.document_ids)
    print(
        f"{count} letter{'s' if count != 1 else ''} (drafts, batch {result.batch_id}) "
        f"written to {out.target}."
    )
    return 0


def _language(code: str) -> str:
    code = (code or "").strip().lower()
    if code not in LANGUAGES:
        known = ", ".join(f"{c} ({lang.name})" for c, lang in LANGUAGES.items())
        raise DeskError(f"--lang: “{code}” is not a language letters are printed in; use {known}.")
    return code


class _Output(list):
    """The bytes to write (appended by the caller) and where."""

    def __init__(self, target: Path) -> None:
        super().__init__()
        self.target = target


@contextmanager
def _pdf_output(path: str) -> Iterator[_Output]:
    """A PDF file to write: its folder checked first, written only if the block succeeds."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise DeskError(f"-o {target}: that is a folder; give the name of the PDF file to write.")
    folder = target.parent
    if not folder.is_dir():
        raise DeskError(f"Cannot write {target}: the folder {folder} does not exist. "
                        "Nothing was saved.")  # fmt: skip
    try:
        check_writable_folder(folder)
    except OSError as exc:
        raise DeskError(
            f"Cannot write {target}: {exc.strerror or exc}. Nothing was saved."
        ) from None
    out = _Output(target)
    yield out
    try:
        write_atomically(target, b"".join(out))
    except OSError as exc:
        raise DeskError(
            f"The letters were saved in the database, but {target} could not be written: "
            f"{exc.strerror or exc}. Open them in the app to print or save them."
        ) from None
