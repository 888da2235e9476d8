"""One letter for many records in one run: every detainer received today, say.

Every letter is composed and printed first, with nothing written: composing stops at the first
record that lacks a field the letter prints (naming that record); printing reports progress as
letters come out and stops when the clerk cancels. Only then, in one transaction, every letter
is stored as its own document, with its own PDF, and the run itself with one combined PDF of
all of them, ready to print. So a cancelled or failed run leaves nothing behind: no half-made
batch, no gap in the references. Cancel is heard until the very end: while the letters are
composed, while each is printed, while the combined PDF is printed, and once more inside the
write transaction just before it commits. Printing is nearly all of a batch's time, so a big
batch prints in worker processes, one per processor (the combined PDF in one of them
meanwhile); a cancelled or failed run ends those processes at once.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import date, datetime

from sqlite_utils import Database

from models.attachments import store_blob
from models.detainer_list import DetainerQuery, detainer_ids
from models.errors import ConflictError, DeskError, FieldError, ValidationError
from models.letters.about import About
from models.letters.compose import LetterRequest, Shared, check_about, compose
from models.letters.content import LetterContent
from models.letters.documents import (
    APPROVERS,
    NOT_APPROVER,
    next_reference,
    record_links,
    reference_after,
    store_document,
)
from models.letters.layout import render_pdf
from models.records import Staff
from models.settings import county_timezone
from models.store import reported, write_transaction
from models.timeutil import county_today, to_db_instant, utc_now
from models.writes import insert_audited

#: ``progress(done, total)``: called as letters are printed (and again, with the same numbers,
#: while the combined PDF is printed and just before the letters are stored); False cancels.
Progress = Callable[[int, int], bool]
#: From this many letters a batch prints in worker processes, one per processor: starting them
#: costs about a second (each loads reportlab and the fonts), which a batch this big repays.
PARALLEL_FROM = 60
WORKERS = min(os.cpu_count() or 1, 8)
#: Letters per task sent to a worker (the letterhead and its logo travel once per task).
CHUNK = 20
_ATTEMPTS = 3
#: How often, in seconds, Cancel is asked about while the workers finish the combined PDF.
_POLL_SECONDS = 0.25


class BatchCancelled(DeskError):
    """The clerk cancelled a batch before it was stored; nothing was written."""


@dataclass(frozen=True)
class BatchResult:
    """A stored batch: its id, its letters' document ids in order, and the combined PDF."""

    batch_id: int
    document_ids: tuple[int, ...]
    pdf: bytes


@dataclass(frozen=True)
class _Printed:
    about: About
    content: LetterContent
    values: dict
    links: dict
    pdf: bytes
    pages: int


@reported
def detainers_received_on(db: Database, day: date) -> list[About]:
    """The detainers received on ``day`` (the county's calendar day), first received first."""
    query = DetainerQuery(received_from=day, received_to=day)
    return [About("detainer", i) for i in reversed(detainer_ids(db, query, county_timezone(db)))]


def run_batch(
    db: Database,
    actor: Staff,
    template_code: str,
    language: str,
    abouts: Sequence[About],
    *,
    selection: str,
    progress: Progress | None = None,
    now: datetime | None = None,
    approve: bool = False,
) -> BatchResult:
    """Make the same letter for every record of ``abouts`` and store them as one batch.

    Args:
        db: the database.
        actor: who runs it.
        template_code: the letter type.
        language: the language of every letter.
        abouts: the records, in the order the letters are printed.
        selection: how the records were chosen, in words ("Detainers received 11/25/2026").
        progress: told how many letters are printed so far, of how many (after each letter,
            or each few when printing in worker processes); returning False cancels, and
            nothing is written.
        now: when (for tests).
        approve: store the letters approved, without the DRAFT watermark (only for someone
            who may approve letters); by default they are drafts awaiting an attorney.

    Returns:
        The batch's id, its documents' ids and the combined PDF.

    Raises:
        ValidationError: no records, or a record the letter type is not written about.
        DeskError: a letter cannot be made (the message names the record and the field).
        BatchCancelled: the clerk cancelled.
        ConflictError: other desks kept taking the next reference numbers.
    """
    if approve and actor.role not in APPROVERS:
        raise DeskError(NOT_APPROVER)
    if not abouts:
        raise ValidationError(FieldError("selection", f"No records to write letters for: "
                                         f"{selection or 'the selection is empty'}."))  # fmt: skip
    now = now or utc_now()
    today = county_today(county_timezone(db), now)
    shared = Shared.load(db, template_code, language)
    for about in abouts:
        check_about(shared.letter_type, about)
    title = f"{shared.letter_type.label}: {selection}"
    for _ in range(_ATTEMPTS):
        first = next_reference(db, today.year)
        printed, combined = _print_all(db, shared, abouts, today, first, approve, progress, title)
        with write_transaction(db):
            if next_reference(db, today.year) != first:
                continue  # another desk took a reference while this run printed: print again
            result = _store(
                db, actor, shared, language, printed, combined, selection, today, now, approve
            )
            # Asked once more before the commit: a Cancel pressed while the last pages were
            # printed or the letters were stored still rolls every one of them back.
            _tell(progress, len(printed), len(printed))
            return result
    raise ConflictError(
        "Other desks are creating letters at this moment and kept taking the next reference "
        "numbers; nothing was saved. Run the batch again."
    )


def _print_all(
    db: Database,
    shared: Shared,
    abouts: Sequence[About],
    today: date,
    first: str,
    approve: bool,
    progress: Progress | None,
    title: str,
) -> tuple[list[_Printed], bytes]:
    """Compose every letter, then print each on its own and all in one; nothing is written."""
    composed = []
    code, language = shared.letter_type.code, shared.template.language
    for n, about in enumerate(abouts):
        if n and n % CHUNK == 0:
            _tell(progress, 0, len(abouts))  # nothing printed yet, but Cancel is heard
        request = LetterRequest(code, language, about)
        try:
            links = record_links(db, about)
            content, values = compose(
                db,
                request,
                today=today,
                our_reference=reference_after(first, n),
                draft=not approve,
                shared=shared,
            )
        except DeskError as exc:
            raise _failed(about, str(exc)) from exc
        composed.append((about, content, values, links))
    contents = [c[1] for c in composed]
    singles, combined = _render(contents, list(abouts), title, progress)
    printed = [
        _Printed(about, content, values, links, pdf, pages)
        for (about, content, values, links), (pdf, pages) in zip(composed, singles, strict=True)
    ]
    return printed, combined


# -- printing, in worker processes when there are many letters ---------------------------------


def _render(
    contents: list[LetterContent], abouts: list[About], title: str, progress: Progress | None
) -> tuple[list[tuple[bytes, int]], bytes]:
    """Each letter's own PDF with its page count, and the combined PDF."""
    if len(contents) >= PARALLEL_FROM and WORKERS > 1:
        try:
            return _render_in_workers(contents, abouts, title, progress)
        except (OSError, BrokenProcessPool):
            pass  # processes cannot be started here (a locked-down desktop): print in this one
    singles: list[tuple[bytes, int]] = []
    total = len(contents)
    for n, content in enumerate(contents):
        singles += _checked(_render_each([content]), abouts[n : n + 1])
        _tell(progress, n + 1, total)
    return singles, _render_combined(contents, title, lambda: _tell(progress, total, total))


def _render_in_workers(
    contents: list[LetterContent], abouts: list[About], title: str, progress: Progress | None
) -> tuple[list[tuple[bytes, int]], bytes]:
    total = len(contents)
    # "spawn" everywhere: forking a process that runs Qt's threads is not safe.
    pool = ProcessPoolExecutor(WORKERS, mp_context=multiprocessing.get_context("spawn"))
    finished = False
    try:
        combined = pool.submit(_render_combined, contents, title)  # the longest task first
        pending = {
            pool.submit(_render_each, contents[i : i + CHUNK]): i for i in range(0, total, CHUNK)
        }
        singles: list = [None] * total
        done_count = 0
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                start = pending.pop(future)
                results = _checked(future.result(), abouts[start : start + CHUNK])
                singles[start : start + len(results)] = results
                done_count += len(results)
                _tell(progress, done_count, total)
        while not combined.done():
            wait([combined], timeout=_POLL_SECONDS)
            _tell(progress, total, total)
        result = singles, combined.result()
        finished = True
        return result
    finally:
        if finished:
            pool.shutdown(wait=True)
        else:
            _stop_workers(pool)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """End a cancelled or failed run's worker processes now, and wait until they are gone.

    Left alone they would go on printing letters nobody wants (the combined PDF of a big batch
    takes many seconds), and an app being closed would wait for them.
    """
    processes = list((getattr(pool, "_processes", None) or {}).values())
    # A worker ended while it sends a result leaves half a message in the result pipe, and the
    # executor's thread would wait for the rest for ever (shutdown, and the app's exit, with
    # it). With this process's own copy of the pipe's sending end closed, the ended workers'
    # are the last: their end is then read as the pipe closing, and the executor stops.
    results = getattr(pool, "_result_queue", None)
    writer = getattr(results, "_writer", None)
    if writer is not None:
        writer.close()
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14 and later
    if terminate is not None:
        terminate()
    else:  # no public way before 3.14: the executor notices its processes ended
        for process in processes:
            process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)  # fails what was pending, joins its thread
    for process in processes:
        process.join(5)


def _render_each(contents: list[LetterContent]) -> list[tuple[bytes, int] | str]:
    """Each letter's own PDF and page count, or why it cannot be printed (run in a worker)."""
    out: list[tuple[bytes, int] | str] = []
    for content in contents:
        try:
            pdf = render_pdf([content])
        except DeskError as exc:
            out.append(str(exc))
        else:
            out.append((pdf.data, sum(pdf.page_counts)))
    return out


def _render_combined(
    contents: list[LetterContent], title: str, on_page: Callable[[], object] | None = None
) -> bytes:
    return render_pdf(contents, title=title, on_page=on_page).data


def _checked(results: list, abouts: list[About]) -> list[tuple[bytes, int]]:
    for about, result in zip(abouts, results, strict=True):
        if isinstance(result, str):
            raise _failed(about, result)
    return results


def _failed(about: About, message: str) -> DeskError:
    return DeskError(f"{about.label}: {message} No letter of the batch was saved.")


def _tell(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None and progress(done, total) is False:
        raise BatchCancelled("The batch was cancelled; no letter was saved.")


def _store(
    db: Database,
    actor: Staff,
    shared: Shared,
    language: str,
    printed: list[_Printed],
    combined: bytes,
    selection: str,
    today: date,
    now: datetime,
    approve: bool,
) -> BatchResult:
    """Write the batch row, its combined PDF and every letter (inside the transaction)."""
    digest = hashlib.sha256(combined).hexdigest()
    store_blob(db, digest, combined)
    batch = {
        "template_code": shared.letter_type.code,
        "language": language,
        "selection": selection,
        "letter_count": len(printed),
        "sha256": digest,
        "created_by": actor.id,
        "created_at": to_db_instant(now),
    }
    batch_id = insert_audited(
        db, actor, "letter_batches", batch, hidden=("created_by", "created_at")
    )
    ids = []
    code = shared.letter_type.code
    for p in printed:
        request = LetterRequest(code, language, p.about)
        ids.append(
            store_document(
                db,
                actor,
                request,
                p.content,
                p.values,
                p.pdf,
                p.pages,
                links=p.links,
                today=today,
                now=now,
                batch_id=batch_id,
                approved=approve,
            )  # fmt: skip
        )
    return BatchResult(batch_id, tuple(ids), combined)
