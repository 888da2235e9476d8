"""Open, save, decide and move detainers for the main window: glue between editors and models.

Editors never touch the database; this controller loads what they show, saves what they hand
back, and turns every failure into a message the clerk can act on, with nothing half-written.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from models.cases import get_case
from models.correspondence_list import LetterQuery, letter_ids, letter_rows
from models.detainer_clocks import Assessment, assess
from models.detainer_rules import DECIDERS, allowed_statuses
from models.detainer_vocab import load_detainer_vocab
from models.detainers import (
    change_status,
    create_detainer,
    get_detainer,
    record_decision,
    status_history,
    update_detainer,
)
from models.errors import DeskError
from models.policies import get_policy
from models.records import Decision, Detainer, DetainerStatus, PolicyOutcome, Staff
from models.staff import list_staff
from models.timeutil import county_today, utc_now
from ui import message_boxes
from ui.dialogs.detainer_dialog import DetainerDialog, new_detainer
from ui.saving import attempt_save, bring_forward

if TYPE_CHECKING:
    from sqlite_utils import Database


class DetainerController(QObject):
    """Keeps the open detainer editors and carries out what they ask for."""

    detainer_saved = Signal(int, int)  # detainer id, booking id
    new_letter_requested = Signal(int, int)  # booking id, detainer id
    open_letter_requested = Signal(int)  # letter id
    write_letter_requested = Signal(int)  # detainer id: a generated letter about it

    def __init__(
        self,
        db: Database,
        actor: Staff,
        tz,
        parent_widget: QWidget,
        now: Callable | None = None,
    ):
        super().__init__(parent_widget)
        self.db, self.actor, self.tz = db, actor, tz
        self.parent_widget = parent_widget
        self.now = now
        self.vocab = load_detainer_vocab(db)
        self.editors: list[DetainerDialog] = []

    def editor_of(self, detainer_id: int) -> DetainerDialog | None:
        return next((d for d in self.editors if d.detainer.id == detainer_id), None)

    def preview(self, detainer: Detainer) -> Assessment:
        """The policy advice and hold clock for a detainer as typed (not saved).

        A decided detainer shows the advice it was decided on, as stored, not today's.
        """
        result = assess(self.db, detainer, self.tz, self.vocab)
        if detainer.decision is None or detainer.recommendation is None:
            return result
        stored = PolicyOutcome(
            policy_code=detainer.policy_code or result.outcome.policy_code,
            policy_label=get_policy(self.db, detainer.policy_code).label
            if detainer.policy_code
            else result.outcome.policy_label,
            recommendation=detainer.recommendation,
            reasons=tuple((detainer.recommendation_reasons or "").splitlines()),
            hold_rule=result.outcome.hold_rule,
        )
        return dataclasses.replace(result, outcome=stored)

    def _case_label(self, booking_id: int) -> str:
        case = get_case(self.db, booking_id)
        return f"{case.person.display_name}, booking {case.booking.booking_number}"

    def _now(self):
        return self.now() if self.now else None

    def new_detainer(self, booking_id: int) -> DetainerDialog | None:
        """An editor for a new detainer against a booking, received now by fax."""
        try:
            label = self._case_label(booking_id)
        except DeskError as exc:
            message_boxes.show_error(self.parent_widget, "Cannot record a detainer", str(exc))
            return None
        return self._show(new_detainer(booking_id, self._now()), label)

    def open_detainer(self, detainer_id: int) -> DetainerDialog | None:
        if (existing := self.editor_of(detainer_id)) is not None:
            return bring_forward(existing)
        try:
            detainer = get_detainer(self.db, detainer_id)
            label = self._case_label(detainer.booking_id)
        except DeskError as exc:
            message_boxes.show_error(self.parent_widget, "Cannot open the detainer", str(exc))
            return None
        return self._show(detainer, label)

    def _show(self, detainer: Detainer, label: str) -> DetainerDialog:
        dialog = DetainerDialog.open(
            detainer,
            label,
            self.vocab,
            self.tz,
            self.preview,
            can_decide=self.actor.role in DECIDERS,
            now=self.now or utc_now,
            parent=self.parent_widget,
            **self._state(detainer),
        )
        self.editors.append(dialog)
        dialog.save_requested.connect(lambda d, dlg=dialog: self.save(dlg, d))
        dialog.decision_requested.connect(lambda dec, why, dlg=dialog: self.decide(dlg, dec, why))
        dialog.status_requested.connect(
            lambda status, note, lift, dlg=dialog: self.move(dlg, status, note, lift)
        )
        dialog.finished.connect(lambda _r, dlg=dialog: self._forget(dlg))
        dialog.letters.new_requested.connect(
            lambda dlg=dialog: (
                dlg.detainer.id
                and self.new_letter_requested.emit(dlg.detainer.booking_id, dlg.detainer.id)
            )
        )
        dialog.letters.open_requested.connect(self.open_letter_requested)
        dialog.write_letter_requested.connect(
            lambda dlg=dialog: dlg.detainer.id and self.write_letter_requested.emit(dlg.detainer.id)
        )
        self.show_letters(dialog)
        return dialog

    def show_letters(self, dialog: DetainerDialog) -> None:
        """Fill the editor's Correspondence tab with the letters about its detainer."""
        if dialog.detainer.id is None:
            return
        query = LetterQuery(detainer_id=dialog.detainer.id)
        today = county_today(self.tz)
        try:
            rows = letter_rows(self.db, letter_ids(self.db, query, today))
        except DeskError as exc:
            message_boxes.show_error(dialog, "The letters could not be read", str(exc))
            return
        dialog.letters.set_rows(rows, today)

    def refresh_letters(self) -> None:
        """After a letter is saved anywhere: every open detainer editor shows its letters."""
        for dialog in self.editors:
            self.show_letters(dialog)

    def _forget(self, dialog: DetainerDialog) -> None:
        self.editors = [d for d in self.editors if d is not dialog]

    def _state(self, detainer: Detainer) -> dict:
        """What an editor shows besides the detainer: status history, moves, who decided."""
        if detainer.id is None:
            return {"history": [], "allowed": (), "decided_by": ""}
        names = {s.id: s.full_name for s in list_staff(self.db)}
        allowed = allowed_statuses(detainer.status, detainer.decision)
        if detainer.decision is not None and self.actor.role not in DECIDERS:
            # Reopening would clear an attorney's decision: not a clerk's move.
            allowed = tuple(s for s in allowed if s is not DetainerStatus.UNDER_REVIEW)
        return {
            "history": status_history(self.db, detainer.id),
            "allowed": allowed,
            "decided_by": names.get(detainer.decided_by, ""),
        }

    def _done(self, dialog: DetainerDialog, saved: Detainer) -> Detainer:
        try:
            dialog.saved(saved, **self._state(saved))
            self.show_letters(dialog)
        except DeskError as exc:
            message_boxes.show_error(dialog, "Saved, but it could not be shown again", str(exc))
        self.detainer_saved.emit(saved.id, saved.booking_id)
        return saved

    def _attempt(self, dialog: DetainerDialog, action: Callable[[], Detainer]) -> Detainer | None:
        saved = attempt_save(dialog, action)
        return None if saved is None else self._done(dialog, saved)

    def save(self, dialog: DetainerDialog, detainer: Detainer) -> Detainer | None:
        verb = create_detainer if detainer.id is None else update_detainer
        return self._attempt(
            dialog,
            lambda: verb(self.db, detainer, self.actor, self.tz, now=self._now(), vocab=self.vocab),
        )

    def decide(self, dialog: DetainerDialog, decision: Decision, reason: str) -> Detainer | None:
        d = dialog.detainer
        return self._attempt(
            dialog,
            lambda: record_decision(
                self.db, d.id, d.row_version, decision, reason, self.actor, self.tz, now=self._now()
            ),
        )

    def move(
        self, dialog: DetainerDialog, status: DetainerStatus, note: str, lift_reason: str | None
    ) -> Detainer | None:
        d = dialog.detainer
        return self._attempt(
            dialog,
            lambda: change_status(
                self.db,
                d.id,
                d.row_version,
                status,
                self.actor,
                self.tz,
                note=note,
                lift_reason=lift_reason,
                now=self._now(),
            ),
        )
