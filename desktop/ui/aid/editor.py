"""The aid project editor: Thông tin chung, Giá trị và phê duyệt, Giải ngân, Tệp đính kèm; the decree
and live R13 findings beside them.

Every edit (after a 300 ms pause) asks the service to validate and check the
content as typed, and which decree the approval date falls under; a disbursement
added, changed or removed is stored at once and the totals follow.
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

from desktop.domain.aid_rules import AidTotals
from desktop.errors import AppError, FieldProblem
from desktop.i18n import _, format_date
from desktop.services.aid import AidDetail
from desktop.ui.aid.attachments import AidAttachments
from desktop.ui.aid.disbursements import DisbursementTable
from desktop.ui.aid.sections import GeneralSection, ValueSection
from desktop.ui.widgets import errors as dialogs
from desktop.ui.widgets.findings_panel import FindingsPanel
from desktop.ui.widgets.history import add_history_tab
from desktop.ui.widgets.record_editor import LIVE_DELAY_MS, RecordEditorMixin
from desktop.ui.widgets.screen import fit_to_screen

DECREE_STYLE = "background: #eef3fb; border: 1px solid #c5d5ee; border-radius: 3px; padding: 4px 8px;"


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(widget)
    return area


class AidEditor(RecordEditorMixin, QDialog):
    """Create or edit one aid programme or project; `saved(id)` after each successful save."""

    saved = Signal(str)

    def __init__(self, services, project_id: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        detail = services.aid.get(project_id) if project_id else None
        self.project_id: str | None = None
        self.version: int | None = None
        self._show_all = detail is not None
        self._snapshot: Any = None
        self._build()
        self._live = QTimer(self)
        self._live.setSingleShot(True)
        self._live.setInterval(LIVE_DELAY_MS)
        self._live.timeout.connect(self.refresh_live)
        for section in (self.general, self.value):
            section.changed.connect(self._edited)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self._limit_text("aid_project", *[slots for _tab, slots in self._slot_groups()])
        self._load(detail)

    # --- building ------------------------------------------------------------------

    def _build(self) -> None:
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        fit_to_screen(self, 1120, 760)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.heading.setWordWrap(True)
        self.decree = QLabel()
        self.decree.setWordWrap(True)
        self.decree.setStyleSheet(DECREE_STYLE)
        self.decree.setAccessibleName(_("Nghị định áp dụng"))
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.hide()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._tabs())
        splitter.addWidget(self._side())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([680, 420])  # room for the findings, which are sentences with their legal source
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.decree)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        layout.addLayout(self._buttons())

    def _tabs(self) -> QTabWidget:
        self.general = GeneralSection(self.services)
        self.value = ValueSection()
        self.disbursements = DisbursementTable(self.services, self.disbursements_changed)
        self.tabs = QTabWidget()
        self.tabs.addTab(_scrolled(self.general), _("Thông tin chung"))
        self.tabs.addTab(_scrolled(self.value), _("Giá trị và phê duyệt"))
        self.tabs.addTab(self.disbursements, _("Giải ngân"))
        self.attachments = AidAttachments(self.services)
        self.attachments.stored.connect(self._attachments_stored)
        self.tabs.addTab(self.attachments, _("Tệp đính kèm"))
        self.history = add_history_tab(self, self.services, "aid_project", "project_id")
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
        self.save_button.setToolTip(_("Lưu chương trình, dự án (Ctrl+S)"))
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

    def _load(self, detail: AidDetail | None) -> None:
        data = detail.data if detail else {"form": "project", "status": "proposed"}
        self.project_id = detail.id if detail else None
        self.version = detail.version if detail else None
        self.general.load(data, detail.donor if detail else None)
        self.value.load(data)
        self._show_disbursements(detail)
        self.attachments.load(self.project_id, data.get("attachments") or [])
        self._snapshot = self._state()
        self._show_heading()
        self.refresh_live()

    def _show_disbursements(self, detail: AidDetail | None) -> None:
        if detail is None:
            self.disbursements.show_all(None, [], AidTotals(None, 0), None)
            return
        self.disbursements.show_all(detail.id, detail.disbursements, detail.totals, detail.data.get("currency"))

    def content(self) -> dict[str, Any]:
        """The project as typed, in the service's terms."""
        return {**self.general.collect(), **self.value.collect()}

    def local_problems(self, shown_only: bool = False) -> dict[str, str]:
        """What the widgets cannot read (bad dates, amounts), by field."""
        return {**self.general.local_problems(shown_only), **self.value.local_problems(shown_only)}

    def _edited(self) -> None:
        self._live.start()
        self._show_heading()

    def _show_heading(self) -> None:
        title = self.general.title.text().strip() or _("Chương trình, dự án viện trợ mới")
        self.heading.setText(title)
        self.setWindowTitle(f"{title} — {_('Viện trợ PCP')}" + (" *" if self.is_dirty() else ""))

    # --- live rules ----------------------------------------------------------------

    def refresh_live(self, every_local: bool = False) -> None:
        """Validate and check the content as typed; show problems, the decree and R13 findings."""
        self._live.stop()
        data = self.content()
        try:
            problems = self.services.aid.validate(data)
            findings = self.services.aid.check(data, self.project_id)
            decree = self.services.aid.decree_for(data.get("approval_date"))
        except AppError as exc:
            self._banner("error", str(exc))
            return
        self.findings.set_findings(findings)
        self._show_decree(decree, data.get("approval_date"))
        self._show_problems(problems, self.local_problems(shown_only=not every_local))

    def _show_decree(self, decree, approved) -> None:
        if decree is None:
            self.decree.setText(_("Văn bản áp dụng: chưa xác định — hãy nhập ngày phê duyệt "
                                  "(trước 08/12/2025: Nghị định 80/2020/NĐ-CP; từ ngày đó: Nghị định 313/2025/NĐ-CP)."))
            return
        self.decree.setText(_("Văn bản áp dụng (phê duyệt ngày {day}): {name}").format(
            day=format_date(approved), name=_(decree.name)))

    def _show_problems(self, problems: list[FieldProblem], local: dict[str, str]) -> None:
        by_field: dict[str, str] = {}
        for p in problems:
            by_field[p.field] = f"{by_field[p.field]}\n{p.message}" if p.field in by_field else p.message
        by_field.update(local)
        for slot in {**self.general.slots, **self.value.slots}.values():
            slot.set_problem(by_field.get(slot.key) if self._show_all or slot.touched else None)

    def disbursements_changed(self) -> None:
        """A disbursement was stored or removed: show them and the totals again."""
        if self.project_id is None:
            return
        try:
            detail = self.services.aid.get(self.project_id)
        except AppError as exc:
            dialogs.show_error(self, exc)
            return
        self._show_disbursements(detail)
        self.saved.emit(detail.id)

    def _attachments_stored(self, detail: AidDetail) -> None:
        """A file was attached or removed (stored at once): the project's version moved on."""
        self.version = detail.version
        self.saved.emit(detail.id)

    # --- saving --------------------------------------------------------------------

    def _store(self):
        return self.services.aid.save(self.content(), self.project_id, self.version)

    def _slot_groups(self) -> list[tuple[int | None, dict]]:
        return [(0, self.general.slots), (1, self.value.slots)]
