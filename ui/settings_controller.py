"""Open the administrator's settings dialogs (holidays, county policy) and make their changes.

The dialogs never touch the database: this controller reads what they show through the model
functions, makes each change they ask for (the calendar's changes move running hold clocks in
the same transaction), tells the administrator which holds moved, and shows every refusal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from models.clocks import state_names
from models.county_calendar import CountyHoliday, holiday_state, list_county_holidays, load_calendar
from models.detainer_clocks import (
    ClockChange,
    add_holiday,
    add_policy_period,
    change_holiday_state,
    change_policy_params,
    remove_holiday,
    remove_policy_period,
)
from models.errors import DeskError, ValidationError
from models.policies import list_periods, list_policies, policy_in_force
from models.records import PolicyPeriod, Staff
from models.timeutil import format_date, format_local
from ui import message_boxes
from ui.controller_base import Controller
from ui.dialogs.holidays_dialog import HolidaysDialog, HolidaySettings
from ui.dialogs.policy_dialog import PolicyDialog, PolicySettings
from ui.saving import bring_forward

if TYPE_CHECKING:
    from sqlite_utils import Database

MAX_LISTED = 10  # a message box with hundreds of lines helps nobody; the rest are counted


def describe_clock_changes(changes: Sequence[ClockChange], tz: ZoneInfo) -> str:
    """Say which running holds moved: who, and the old and new expiry in county time."""
    if not changes:
        return "No running hold is affected."
    later = [c for c in changes if c.old_expiry and c.new_expiry and c.new_expiry > c.old_expiry]
    earlier = [c for c in changes if c.old_expiry and c.new_expiry and c.new_expiry < c.old_expiry]
    count = len(changes)
    holds = "1 running hold" if count == 1 else f"{count} running holds"
    if len(later) == count:
        head = f"{holds} now {'expires' if count == 1 else 'expire'} later:"
    elif len(earlier) == count:
        head = f"{holds} now {'expires' if count == 1 else 'expire'} earlier:"
    else:
        head = f"{holds} changed expiry:"
    lines = [
        f"{c.person_name} — {format_local(c.old_expiry, tz) or 'no expiry'} → "
        f"{format_local(c.new_expiry, tz) or 'no expiry'}"
        for c in changes[:MAX_LISTED]
    ]
    if count > MAX_LISTED:
        lines.append(f"… and {count - MAX_LISTED} more (see Deadlines).")
    return "\n".join([head, *lines])


class SettingsController(Controller):
    """Opens the holiday and policy dialogs and makes the changes they ask for.

    Signals:
        clocks_changed: emitted after any change that may move clocks or recommendations
            (a holiday, the holiday state, a policy period or setting).
    """

    clocks_changed = Signal()

    def __init__(
        self,
        db: Database,
        actor: Staff,
        tz,
        parent_widget: QWidget,
        now: Callable[[], datetime] | None = None,
    ):
        super().__init__(db, actor, tz, parent_widget, now)
        self.holidays_dialog: HolidaysDialog | None = None
        self.policy_dialog: PolicyDialog | None = None

    # -- holidays -------------------------------------------------------------------------------

    def holiday_settings(self) -> HolidaySettings:
        """What the holiday dialog shows, read from the database now."""
        return HolidaySettings(
            state=holiday_state(self.db),
            calendar=load_calendar(self.db),
            county_holidays=list_county_holidays(self.db),
            can_edit=self.can_edit(),
        )

    def open_holidays(self) -> HolidaysDialog | None:
        """Open the holiday calendar (or bring the open one forward); None if it cannot be read."""
        if self.holidays_dialog is not None:
            return bring_forward(self.holidays_dialog)
        try:
            settings = self.holiday_settings()
        except DeskError as exc:
            self._failed(None, "Cannot open the holiday calendar", exc)
            return None
        dialog = HolidaysDialog.open(settings, self.today(), parent=self.parent_widget)
        dialog.add_requested.connect(lambda day, name, d=dialog: self.add_holiday(d, day, name))
        dialog.remove_requested.connect(lambda h, d=dialog: self.remove_holiday(d, h))
        dialog.state_requested.connect(lambda s, d=dialog: self.set_state(d, s))
        dialog.finished.connect(lambda _r: setattr(self, "holidays_dialog", None))
        self.holidays_dialog = dialog
        return dialog

    def _calendar_changed(
        self, dialog: HolidaysDialog, what: str, changes: list, added: date | None = None
    ) -> None:
        """Show the new calendar and tell the administrator which running holds moved."""
        text = f"{what} {describe_clock_changes(changes, self.tz)}"
        try:
            dialog.load(self.holiday_settings())
        except DeskError as exc:  # changed, but reading it back failed: say which
            self._failed(dialog, "Changed, but the calendar could not be shown again", exc)
        if added is not None:
            dialog.added(added)
        dialog.show_outcome(text)
        self.clocks_changed.emit()
        message_boxes.show_info(dialog, "Holiday calendar changed", text)

    def add_holiday(self, dialog: HolidaysDialog, day: date, name: str) -> CountyHoliday | None:
        """Declare a county holiday typed in ``dialog``; refusals show beside the fields."""
        try:
            holiday, changes = add_holiday(self.db, self.actor, day, name)
        except ValidationError as exc:
            dialog.show_errors(exc.errors)
            return None
        except DeskError as exc:
            self._failed(dialog, "County holiday not added", exc)
            return None
        what = f"{format_date(day)} “{holiday.name}” is now a county holiday."
        self._calendar_changed(dialog, what, changes, added=day)
        return holiday

    def remove_holiday(self, dialog: HolidaysDialog, holiday: CountyHoliday) -> bool:
        """Take back a county holiday after the administrator confirms."""
        if not message_boxes.confirm(
            dialog,
            "Remove county holiday",
            f"Remove the county holiday “{holiday.name}” on {format_date(holiday.day)}?\n\n"
            "Running holds that skipped this day will be recomputed and may expire sooner.",
            "Remove holiday",
        ):
            return False
        try:
            changes = remove_holiday(self.db, self.actor, holiday.id)
        except DeskError as exc:
            self._failed(dialog, "County holiday not removed", exc)
            self._reload_holidays(dialog)
            return False
        self._calendar_changed(
            dialog, f"{format_date(holiday.day)} is no longer a county holiday.", changes
        )
        return True

    def set_state(self, dialog: HolidaysDialog, state: str | None) -> bool:
        """Count ``state``'s holidays (None: federal ones only) and move the holds it affects."""
        try:
            changes = change_holiday_state(self.db, self.actor, state)
        except DeskError as exc:
            self._failed(dialog, "Holiday state not changed", exc)
            self._reload_holidays(dialog)
            return False
        if state:
            what = f"{state_names().get(state, state)} holidays now count as well as federal ones."
        else:
            what = "Only federal holidays (and the county's own) now count."
        self._calendar_changed(dialog, what, changes)
        return True

    def _reload_holidays(self, dialog: HolidaysDialog) -> None:
        try:
            dialog.load(self.holiday_settings())
        except DeskError as exc:
            self._failed(dialog, "Cannot show the holiday calendar", exc)

    # -- county policy --------------------------------------------------------------------------

    def policy_settings(self) -> PolicySettings:
        """What the policy dialog shows, read from the database now."""
        return PolicySettings(
            policies=list_policies(self.db),
            periods=list_periods(self.db),
            in_force=policy_in_force(self.db, self.today()),
            can_edit=self.can_edit(),
        )

    def open_policy(self) -> PolicyDialog | None:
        """Open the county policy settings (or bring them forward); None if they cannot be read."""
        if self.policy_dialog is not None:
            return bring_forward(self.policy_dialog)
        try:
            settings = self.policy_settings()
        except DeskError as exc:
            self._failed(None, "Cannot open the county policy", exc)
            return None
        dialog = PolicyDialog.open(settings, self.today(), parent=self.parent_widget)
        dialog.add_period_requested.connect(
            lambda code, day, notes, d=dialog: self.add_period(d, code, day, notes)
        )
        dialog.remove_period_requested.connect(lambda p, d=dialog: self.remove_period(d, p))
        dialog.params_requested.connect(lambda code, p, d=dialog: self.save_params(d, code, p))
        dialog.finished.connect(lambda _r: setattr(self, "policy_dialog", None))
        self.policy_dialog = dialog
        return dialog

    def _policy_changed(self, dialog: PolicyDialog, text: str, changes: list) -> None:
        """Show the new policy history and say which running holds the change moved."""
        text = f"{text} {describe_clock_changes(changes, self.tz)}"
        try:
            dialog.load(self.policy_settings())
        except DeskError as exc:
            self._failed(dialog, "Changed, but the policy could not be shown again", exc)
        dialog.show_outcome(text)
        self.clocks_changed.emit()

    def add_period(
        self, dialog: PolicyDialog, code: str, day: date, notes: str
    ) -> PolicyPeriod | None:
        """Put policy ``code`` in force from ``day``; refusals show in the dialog."""
        try:
            period, changes = add_policy_period(self.db, self.actor, code, day, notes)
        except ValidationError as exc:
            dialog.show_errors(exc.errors)
            return None
        except DeskError as exc:
            self._failed(dialog, "Period not added", exc)
            return None
        dialog.period_added()
        label = dialog.policy(code).label if dialog.policy(code) else code
        self._policy_changed(dialog, f"{label} is in force from {format_date(day)}.", changes)
        return period

    def remove_period(self, dialog: PolicyDialog, period: PolicyPeriod) -> bool:
        """Remove a period of the policy history after the administrator confirms."""
        policy = dialog.policy(period.policy_code)
        label = policy.label if policy else period.policy_code
        if not message_boxes.confirm(
            dialog,
            "Remove policy period",
            f"Remove the period of “{label}” from {format_date(period.in_force_from)}?\n\n"
            "Detainers received in it will be judged by the period before it.",
            "Remove period",
        ):
            return False
        try:
            changes = remove_policy_period(self.db, self.actor, period.id)
        except ValidationError as exc:
            dialog.show_errors(exc.errors)
            return False
        except DeskError as exc:
            self._failed(dialog, "Period not removed", exc)
            return False
        self._policy_changed(
            dialog,
            f"The period of {label} from {format_date(period.in_force_from)} is removed.",
            changes,
        )
        return True

    def save_params(self, dialog: PolicyDialog, code: str, params: dict) -> bool:
        """Store the settings of policy ``code`` as edited in ``dialog``."""
        try:
            policy, changes = change_policy_params(self.db, self.actor, code, params)
        except ValidationError as exc:
            dialog.show_errors(exc.errors)
            return False
        except DeskError as exc:
            self._failed(dialog, "Settings not saved", exc)
            return False
        self._policy_changed(dialog, f"The settings of {policy.label} are saved.", changes)
        return True
