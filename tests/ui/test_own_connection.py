"""Work on a worker's own connection: every way it can end is a value or a sentence."""

from __future__ import annotations

import pytest

from models.errors import DeskError
from ui.own_connection import on_own_connection


class Stop(Exception):
    pass


def test_the_work_gets_a_connection_of_its_own_and_its_value_comes_back(db, db_path):
    outcome = on_own_connection(
        db_path, lambda own: (own is not db, own.execute("SELECT 1").fetchone()[0]), failing="x"
    )
    assert outcome.value == (True, 1) and outcome.error is None and not outcome.cancelled


@pytest.mark.parametrize(
    ("raised", "expected"),
    [
        (DeskError("The record says no."), "The record says no."),
        (ZeroDivisionError("division by zero"),
         "Nothing was done because of an unexpected error: division by zero"),
    ],
)  # fmt: skip
def test_a_failure_is_a_sentence_not_an_exception(db_path, db, raised, expected):
    def work(_own):
        raise raised

    outcome = on_own_connection(db_path, work, failing="Nothing was done")
    assert outcome.error == expected and outcome.value is None


def test_a_cancel_is_told_apart(db_path, db):
    def work(_own):
        raise Stop

    assert on_own_connection(db_path, work, failing="x", cancelled=Stop).cancelled


def test_a_file_that_cannot_be_opened_is_said(tmp_path):
    outcome = on_own_connection(tmp_path / "missing.sqlite3", lambda _own: 1, failing="x")
    assert outcome.error and outcome.value is None
