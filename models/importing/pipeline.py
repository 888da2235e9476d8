"""A big file's rows are prepared in a second process while this one writes them.

Reading and checking rows (:mod:`~models.importing.reader`, :func:`prepare`) is pure Python;
writing them is mostly SQLite's own work. On a machine with two or more processors a file of
:data:`PARALLEL_FROM_BYTES` or more is therefore prepared in a worker process that sends the
prepared items, in file order and in chunks, through a pipe; the engine takes them exactly as
:func:`prepare` would have yielded them, so the outcome is the same item for item. The pipe holds
a few chunks at most: when the writer falls behind, the worker waits.

The worker is started with "spawn" (forking a process that runs Qt's threads is not safe) and
writes nothing anywhere. If it cannot be started, or ends before its first message (a
locked-down desktop), the rows are prepared in this process. If this process dies, the
worker's next send fails and it ends; if the import stops early (cancelled, a failed write),
the worker is ended at once.
"""

from __future__ import annotations

import contextlib
import gc
import marshal
import multiprocessing
import os
import pickle
import queue
import threading
import traceback
from collections.abc import Generator, Iterator

from models.errors import DeskError
from models.importing.prepare import PrepareContext, PreparedCase, RowProblem, prepare

#: Files at least this big are prepared in a worker process (about 25,000 booking rows).
PARALLEL_FROM_BYTES = 4 << 20
#: Prepared items per message through the pipe.
CHUNK_ITEMS = 1_000
#: Messages read ahead from the worker (about 0.3 MB each).
_AHEAD = 32
#: Seconds to wait for a worker to end after it was told to.
_JOIN_SECONDS = 10


class PreparationFailed(DeskError):
    """The worker preparing the rows stopped without a reason it could give in words."""


def prepared_items(
    table, mapping, ctx: PrepareContext, *, parallel: bool | None = None
) -> Iterator:
    """Every :class:`PreparedCase` and :class:`RowProblem` of ``table``, in file order.

    Args:
        table: the opened SourceTable.
        mapping: which column feeds which field.
        ctx: the lookup lists, from :func:`load_context`.
        parallel: True to prepare in a worker process, False in this one; None decides by the
            file's size and the number of processors.

    Raises:
        MappingError, ImportFileError: as :func:`prepare` raises them (from either process).
        PreparationFailed: the worker process ended without finishing or saying why.
    """
    if parallel is None:
        parallel = table.size >= PARALLEL_FROM_BYTES and (os.cpu_count() or 1) > 1
    worker = _start(table, mapping, ctx) if parallel else None
    if worker is not None and (yield from _from_worker(*worker)):
        return
    # No worker, or it ended before its first message (a desktop whose security software
    # stops new processes, say): the rows are prepared here instead, from the start.
    yield from prepare(table, mapping, ctx)


def _from_worker(receiver, process) -> Generator[object, None, bool]:
    """Yield the worker's items; False (nothing yielded) if it ended before sending any."""
    # A thread of this process empties the pipe into a queue as the worker fills it, so the
    # worker keeps preparing while the engine writes (a pipe holds only a few kilobytes).
    messages: queue.Queue = queue.Queue(maxsize=_AHEAD)
    stop = threading.Event()
    drain = threading.Thread(target=_drain, args=(receiver, messages, stop), daemon=True)
    drain.start()
    heard = False
    try:
        while True:
            message = messages.get()
            if message is None:
                if not heard:
                    return False
                raise PreparationFailed(
                    "The process reading the file stopped unexpectedly; nothing was imported. "
                    "Try the import again."
                )
            heard = True
            kind, body = message[:1], message[1:]
            if kind in (_MARSHAL, _PICKLE):
                yield from _unpack(kind, body)
            elif kind == _ERROR:
                raise pickle.loads(body)
            elif kind == _CRASH:
                raise PreparationFailed(
                    "Reading the file failed unexpectedly; nothing was imported.\n\n"
                    + body.decode("utf-8", "replace")
                )
            else:
                return True
    finally:
        stop.set()
        if process.is_alive():
            process.terminate()  # the drain thread's read then ends: the only sender is gone
        process.join(_JOIN_SECONDS)
        drain.join(_JOIN_SECONDS)
        receiver.close()


def _drain(receiver, messages: queue.Queue, stop: threading.Event) -> None:
    """Move the worker's messages from the pipe to ``messages``; None when the pipe breaks."""
    while not stop.is_set():
        try:
            message = receiver.recv_bytes()
        except (EOFError, OSError):
            message = None
        while not stop.is_set():
            try:
                messages.put(message, timeout=0.1)
                break
            except queue.Full:
                continue
        if message is None or message[:1] in (_DONE, _ERROR, _CRASH):
            return


def _start(table, mapping, ctx: PrepareContext, target=None):
    """(receiving end, process) of a started worker, or None when none can be started."""
    spawn = multiprocessing.get_context("spawn")
    receiver, sender = spawn.Pipe(duplex=False)
    process = spawn.Process(
        target=target or _produce,
        args=(sender, table, mapping, ctx),
        name="detainer-desk import reader",
    )
    process.daemon = True  # never outlives the app
    try:
        process.start()
    except (OSError, RuntimeError):
        receiver.close()
        sender.close()
        return None
    sender.close()  # the worker holds the only sending end: its death is seen as EOF
    return receiver, process


def _produce(sender, table, mapping, ctx: PrepareContext) -> None:
    """The worker: prepare every row and send the items in chunks, then a "done" message."""
    # This process lives for one import and makes no reference cycles worth collecting;
    # without the collector's passes over everything it holds, it prepares a quarter faster.
    gc.disable()
    try:
        chunk: list = []
        for item in prepare(table, mapping, ctx):
            chunk.append(item)
            if len(chunk) >= CHUNK_ITEMS:
                sender.send_bytes(_pack(chunk))
                chunk = []
        if chunk:
            sender.send_bytes(_pack(chunk))
        sender.send_bytes(_DONE)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the importing process has gone (ended, cancelled or killed): stop quietly
    except DeskError as exc:
        _send(sender, _ERROR + pickle.dumps(exc))
    except Exception:  # a bug: hand its trace to the importing process, which reports it
        _send(sender, _CRASH + traceback.format_exc(limit=8).encode("utf-8", "replace"))
    finally:
        sender.close()


def _send(sender, message: bytes) -> None:
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
        sender.send_bytes(message)


# Messages are bytes, their first byte saying what follows. Items go as marshal data (plain
# tuples, dicts and strings: several times faster to load than pickles of the objects) unless a
# chunk holds a value marshal cannot carry (a detainer's received-at datetime): then as a pickle.
_MARSHAL, _PICKLE, _ERROR, _CRASH, _DONE = b"M", b"P", b"E", b"C", b"D"


def _pack(chunk: list) -> bytes:
    flat = [
        (0, *vars(item).values()) if isinstance(item, RowProblem) else (1, *vars(item).values())
        for item in chunk
    ]
    try:
        return _MARSHAL + marshal.dumps(flat, 4)
    except ValueError:
        return _PICKLE + pickle.dumps(chunk, pickle.HIGHEST_PROTOCOL)


def _unpack(kind: bytes, body: bytes) -> list:
    if kind == _PICKLE:
        return pickle.loads(body)
    problem, case = RowProblem, PreparedCase
    return [case(*t[1:]) if t[0] else problem(*t[1:]) for t in marshal.loads(body)]
