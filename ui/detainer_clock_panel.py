"""The detainer editor's right-hand panel: the hold clock with its explanation, and the policy.

It shows an :class:`~models.detainer_clocks.Assessment` as a clerk reads it: the rule, when the
hold expires (with its zone) and the time left, every step of how that was counted, the county
policy in force when the detainer arrived, its recommendation and reasons, and any warnings.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from models.clocks import ClockState, clock_state, countdown
from models.detainer_clocks import Assessment
from models.timeutil import with_zone

WARNING_STYLE = "background: #fff3cd; color: #664d03; padding: 4px;"
EXPIRY_STYLE = "font-size: 16px; font-weight: 600;"
OVERDUE_STYLE = "color: #b00020;"


class ClockPanel(QWidget):
    """The hold clock and the county policy's advice for one detainer."""

    def __init__(self, tz: ZoneInfo, now: Callable[[], datetime], parent: QWidget | None = None):
        super().__init__(parent)
        self.tz, self.now = tz, now
        column = QVBoxLayout(self)
        clock = QGroupBox("Hold clock")
        clock_col = QVBoxLayout(clock)
        self.rule_label = QLabel()
        self.rule_label.setWordWrap(True)
        self.expiry_label = QLabel()
        self.expiry_label.setStyleSheet(EXPIRY_STYLE)
        self.expiry_label.setAccessibleName("Hold expires")
        self.expiry_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.expiry_label.setWordWrap(True)
        self.countdown_label = QLabel()
        self.countdown_label.setAccessibleName("Time left")
        self.trail = QLabel()
        self.trail.setWordWrap(True)
        self.trail.setAccessibleName("How the expiry was worked out")
        self.trail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(WARNING_STYLE)
        self.warnings.setAccessibleName("Warnings")
        self.warnings.hide()
        for widget in (
            self.warnings,
            self.rule_label,
            self.expiry_label,
            self.countdown_label,
            self.trail,
        ):
            clock_col.addWidget(widget)
        policy = QGroupBox("County policy")
        policy_col = QVBoxLayout(policy)
        self.policy_label = QLabel()
        self.policy_label.setWordWrap(True)
        self.recommendation_label = QLabel()
        self.recommendation_label.setStyleSheet("font-size: 14px; font-weight: 600;")
        self.recommendation_label.setAccessibleName("Recommendation")
        self.reasons = QLabel()
        self.reasons.setWordWrap(True)
        self.reasons.setAccessibleName("Reasons")
        self.reasons.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for widget in (self.policy_label, self.recommendation_label, self.reasons):
            policy_col.addWidget(widget)
        column.addWidget(clock)
        column.addWidget(policy)
        column.addStretch(1)

    def show_message(self, text: str) -> None:
        """No clock to show: say why (the form is incomplete, the case cannot be read)."""
        for label in (self.rule_label, self.policy_label, self.recommendation_label, self.reasons):
            label.setText("")
        self.countdown_label.setText("")
        self.countdown_label.hide()
        self.expiry_label.setStyleSheet(EXPIRY_STYLE)
        self.expiry_label.setText("—")
        self.trail.setText(text)
        self.warnings.hide()

    def show_assessment(self, result: Assessment, is_open: bool) -> None:
        """Show the clock and the advice; the countdown only while the detainer is open."""
        self.rule_label.setText(f"Rule: {result.rule.label}")
        self.countdown_label.setText("")
        self.countdown_label.hide()  # shown only with a running clock
        self.expiry_label.setStyleSheet(EXPIRY_STYLE)
        if result.deadline is not None and result.deadline.due_at is not None:
            due = result.deadline.due_at
            now = self.now()
            self.expiry_label.setText(f"Expires {with_zone(due, self.tz)}")
            if is_open:
                self.countdown_label.setText(countdown(due, now))
                self.countdown_label.show()
                if clock_state(due, now, self.tz) is ClockState.OVERDUE:
                    self.expiry_label.setStyleSheet(EXPIRY_STYLE + OVERDUE_STYLE)
        elif not result.rule.is_permitted:
            self.expiry_label.setText("No hold permitted")
        else:
            self.expiry_label.setText("Clock not started")
        self.trail.setText("\n".join(f"• {line}" for line in result.trail))
        outcome = result.outcome
        self.policy_label.setText(f"In force when received: {outcome.policy_label}")
        self.recommendation_label.setText(outcome.recommendation.label)
        self.reasons.setText("\n".join(f"• {line}" for line in outcome.reasons))
        self.warnings.setText("\n".join(f"⚠ {w}" for w in result.warnings))
        self.warnings.setVisible(bool(result.warnings))
