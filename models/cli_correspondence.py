"""The correspondence and opt-out subcommands: list, add with attachments, show a matter."""

from __future__ import annotations

import dataclasses
import json
import sys
from datetime import date, datetime
from pathlib import Path

from models.attachments import read_file_to_attach
from models.cases import get_case
from models.cli_detainers import _print_table
from models.correspondence import create_letter, get_letter, resolve_party, thread_of
from models.correspondence_list import LetterQuery, letter_ids, letter_rows
from models.errors import DeskError, ValidationError
from models.optouts import get_optout, list_optouts, optout_history, timeline
from models.records import Direction, Letter
from models.settings import county_timezone
from models.staff import current_staff
from models.store import open_database, write_transaction
from models.timeutil import DateParseError, format_date, parse_date, utc_now


def _date(option: str, text: str | None) -> date | None:
    try:
        return parse_date(text or "")
    except DateParseError as exc:
        raise DeskError(f"{option}: {exc}") from None


def _today(tz) -> date:
    return utc_now().astimezone(tz).date()


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return getattr(value, "value", value)


def _dump(data) -> None:
    json.dump(_jsonable(data), sys.stdout, ensure_ascii=False, indent=2)
    print()


def cmd_correspondence_list(db_path: Path, args) -> int:
    """List letters, newest first; awaiting a reply or overdue only when asked."""
    if args.limit < 1:
        raise DeskError("--limit must be at least 1")
    db = open_database(db_path, create=False)
    tz = county_timezone(db)
    if args.case is not None:
        get_case(db, args.case)  # an unknown case is an error, not an empty list
    if args.optout is not None:
        get_optout(db, args.optout)
    query = LetterQuery(
        awaiting_reply=args.awaiting_reply,
        overdue=args.overdue,
        booking_id=args.case,
        optout_id=args.optout,
    )
    rows = letter_rows(db, letter_ids(db, query, _today(tz))[: args.limit])
    if args.json:
        _dump([dataclasses.asdict(r) for r in rows])
        return 0
    _print_table(
        ("ID", "Date", "In/out", "Method", "From", "To", "Subject", "Reply due", "Files"),
        [
            (
                str(r.id),
                format_date(r.day),
                r.direction.label,
                r.method,
                r.from_name,
                r.to_name,
                r.subject,
                ("answered" if r.is_answered else format_date(r.reply_due_date))
                if r.reply_due_date
                else "",
                str(r.attachment_count or ""),
            )
            for r in rows
        ],
    )
    return 0


def cmd_correspondence_add(db_path: Path, args) -> int:
    """Log one letter (with its files) in one transaction; print its number."""
    files = [read_file_to_attach(path) for path in args.attach or ()]  # every file checked first
    db = open_database(db_path, create=False)
    tz = county_timezone(db)
    actor = current_staff(db)
    letter = Letter(
        id=None,
        direction=Direction(args.direction),
        method=args.method,
        subject=args.subject,
        sent_date=_date("--sent", args.sent),
        received_date=_date("--received", args.received),
        summary=args.summary,
        booking_id=args.case,
        detainer_id=args.detainer,
        optout_id=args.optout,
        in_reply_to_id=args.in_reply_to,
        reply_due_date=_date("--reply-due", args.reply_due),
        reply_rule=args.reply_rule,
        is_reply_extended=args.extended,
    )
    try:
        with write_transaction(db):  # a named party is added only with the letter that needs it
            letter = letter.replace(
                from_contact_id=resolve_party(db, actor, args.from_name, args.from_kind),
                to_contact_id=resolve_party(db, actor, args.to_name, args.to_kind),
            )
            saved = create_letter(db, letter, actor, tz, files=files)
    except ValidationError as exc:
        raise DeskError("not saved: " + "; ".join(e.message for e in exc.errors)) from None
    if args.json:
        _dump(dataclasses.asdict(saved))
        return 0
    print(f"Letter {saved.id} saved with {len(saved.attachments)} attachment(s).")
    return 0


def cmd_optouts_list(db_path: Path, as_json: bool) -> int:
    db = open_database(db_path, create=False)
    requests = list_optouts(db)
    if as_json:
        _dump([dataclasses.asdict(r) for r in requests])
        return 0
    _print_table(
        ("ID", "Jurisdiction", "Requested", "Status", "Resolution", "Follow-up due"),
        [
            (
                str(r.id),
                r.jurisdiction,
                r.request_kind,
                r.status,
                format_date(r.resolution_date),
                format_date(r.follow_up_due_date),
            )
            for r in requests
        ],
    )
    return 0


def cmd_optouts_show(db_path: Path, optout_id: int, as_json: bool) -> int:
    db = open_database(db_path, create=False)
    request = get_optout(db, optout_id)
    history = optout_history(db, optout_id)
    events = timeline(db, optout_id)
    letters = sorted(
        {lid for e in events if (lid := e.letter_id) is not None},
    )
    threads = {lid: [x.id for x in thread_of(db, lid)] for lid in letters}
    if as_json:
        _dump(
            {
                **dataclasses.asdict(request),
                "history": [dataclasses.asdict(h) for h in history],
                "timeline": [dataclasses.asdict(e) for e in events],
                "letters": [dataclasses.asdict(get_letter(db, lid)) for lid in letters],
                "threads": {str(k): v for k, v in threads.items()},
            }
        )
        return 0
    print(f"Opt-out request {request.id}: {request.jurisdiction} — {request.status}")
    if request.summary:
        print(f"  {request.summary}")
    for event in events:
        print(f"  {format_date(event.day)}  {event.text}")
    if request.notes:
        print(f"  Notes: {request.notes}")
    return 0
