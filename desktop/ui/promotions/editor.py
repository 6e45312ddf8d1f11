"""The promotion activity editor: Thông tin, Kết quả, Việc theo dõi; live R14 findings beside them.

Every edit (after a 300 ms pause) asks the service to validate and check the
content as typed; a follow-up action added, changed or closed is stored at once
and the findings follow.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError, FieldProblem
from desktop.i18n import _
from desktop.services.promotions import PromotionDetail
from desktop.ui.promotions.follow_ups import FollowUpTable
from desktop.ui.promotions.sections import InfoSection, ResultsSection
from desktop.ui.widgets import errors as dialogs
from desktop.ui.widgets.findings_panel import FindingsPanel
from desktop.ui.widgets.history import add_history_tab
from desktop.ui.widgets.record_editor import LIVE_DELAY_MS, RecordEditorMixin
from desktop.ui.widgets.screen import fit_to_screen


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(widget)
    return area


class PromotionEditor(RecordEditorMixin, QDialog):
    """Create or edit one promotion activity; `saved(id)` after each successful save."""

    saved = Signal(str)

    def __init__(self, services, activity_id: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        detail = services.promotions.get(activity_id) if activity_id else None
        self.activity_id: str | None = None
        self.version: int | None = None
        self._show_all = detail is not None
        self._snapshot: Any = None
        self._build()
        self._live = QTimer(self)
        self._live.setSingleShot(True)
        self._live.setInterval(LIVE_DELAY_MS)
        self._live.timeout.connect(self.refresh_live)
        for section in (self.info, self.results):
            section.changed.connect(self._edited)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self._limit_text("promotion_activity", *[slots for _tab, slots in self._slot_groups()])
        self._load(detail)

    # --- building ------------------------------------------------------------------

    def _build(self) -> None:
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        fit_to_screen(self, 1120, 760)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.heading.setWordWrap(True)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.hide()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._tabs())
        splitter.addWidget(self._side())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        layout.addLayout(self._buttons())

    def _tabs(self) -> QTabWidget:
        self.info = InfoSection(self.services)
        self.results = ResultsSection()
        self.follow_ups = FollowUpTable(self.services, self.follow_ups_changed)
        self.tabs = QTabWidget()
        self.tabs.addTab(_scrolled(self.info), _("Thông tin"))
        self.tabs.addTab(_scrolled(self.results), _("Kết quả"))
        self.tabs.addTab(self.follow_ups, _("Việc theo dõi"))
        self.history = add_history_tab(self, self.services, "promotion_activity", "activity_id")
        return self.tabs

    def _side(self) -> QWidget:
        side = QWidget()
        title = QLabel(_("Kiểm tra theo quy định"))
        title.setStyleSheet("font-weight: 600;")
        self.findings = FindingsPanel()
        layout = QVBoxLayout(side)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.findings, 1)
        return side

    def _buttons(self) -> QHBoxLayout:
        self.save_button = QPushButton(_("Lưu"))
        self.save_button.setToolTip(_("Lưu hoạt động (Ctrl+S)"))
        self.close_button = QPushButton(_("Đóng"))
        for button in (self.save_button, self.close_button):
            button.setAutoDefault(False)
            button.setMinimumWidth(110)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_button)
        row.addWidget(self.close_button)
        return row

    # --- content -------------------------------------------------------------------

    def _load(self, detail: PromotionDetail | None) -> None:
        data = detail.data if detail else {"kind": "trade"}
        self.activity_id = detail.id if detail else None
        self.version = detail.version if detail else None
        self.info.load(data, detail.delegation_title if detail else None)
        self.results.load(data)
        self.follow_ups.show_records(self.activity_id, detail.follow_ups if detail else [])
        self._snapshot = self._state()
        self._show_heading()
        self.refresh_live()

    def content(self) -> dict[str, Any]:
        """The activity as typed, in the service's terms."""
        return {**self.info.collect(), **self.results.collect()}

    def local_problems(self, shown_only: bool = False) -> dict[str, str]:
        """What the widgets cannot read (bad dates, amounts), by field."""
        return {**self.info.local_problems(shown_only), **self.results.local_problems(shown_only)}

    def _edited(self) -> None:
        self._live.start()
        self._show_heading()

    def _show_heading(self) -> None:
        title = self.info.title.text().strip() or _("Hoạt động xúc tiến mới")
        self.heading.setText(title)
        self.setWindowTitle(f"{title} — {_('Xúc tiến')}" + (" *" if self.is_dirty() else ""))

    # --- live rules ----------------------------------------------------------------

    def refresh_live(self, every_local: bool = False) -> None:
        """Validate and check the content as typed; show problems and R14 findings."""
        self._live.stop()
        data = self.content()
        try:
            problems = self.services.promotions.validate(data)
            findings = self.services.promotions.check(data, self.activity_id)
        except AppError as exc:
            self._banner("error", str(exc))
            return
        self.findings.set_findings(findings)
        self._show_problems(problems, self.local_problems(shown_only=not every_local))

    def _show_problems(self, problems: list[FieldProblem], local: dict[str, str]) -> None:
        by_field: dict[str, str] = {}
        for p in problems:
            by_field[p.field] = f"{by_field[p.field]}\n{p.message}" if p.field in by_field else p.message
        by_field.update(local)
        for slot in {**self.info.slots, **self.results.slots}.values():
            slot.set_problem(by_field.get(slot.key) if self._show_all or slot.touched else None)

    def follow_ups_changed(self) -> None:
        """A follow-up action was stored: show the actions again and re-check."""
        if self.activity_id is None:
            return
        try:
            detail = self.services.promotions.get(self.activity_id)
        except AppError as exc:
            dialogs.show_error(self, exc)
            return
        self.follow_ups.show_records(detail.id, detail.follow_ups)
        self.refresh_live()
        self.saved.emit(detail.id)

    # --- saving --------------------------------------------------------------------

    def _store(self):
        return self.services.promotions.save(self.content(), self.activity_id, self.version)

    def _slot_groups(self) -> list[tuple[int | None, dict]]:
        return [(0, self.info.slots), (1, self.results.slots)]
