"""Writing a file a reader may be watching: to a temporary name beside it, then renamed into place.

So nobody — a PDF viewer, a print queue, another program polling the folder — ever finds half a
letter under the real name, and a failed write leaves nothing behind. Used by the GUI's "Save
PDF as…" and print-to-file, and by the command line's ``-o FILE.pdf``.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place.

    Raises:
        OSError: the folder cannot be written (the temporary file is removed).
    """
    # Opened with the usual permissions (mkstemp's are owner-only), under a name no one uses.
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.saving")
    try:
        with open(temporary, "xb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def check_writable_folder(folder: Path) -> None:
    """Make sure a file can be created in ``folder`` (a short-lived one is made and removed).

    Raises:
        OSError: it cannot.
    """
    with tempfile.TemporaryFile(dir=folder):
        pass
