"""The delegation editor: sections on the left, live rule findings on the right.

Every edit (after a 300 ms pause) asks the service to validate and check the
content as typed; problems appear beside their fields, findings in the panel.
Nothing typed is ever dropped: a failed save leaves every field as it was.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.validation import ENUM_LABELS
from desktop.errors import AppError, FieldProblem, RuleBlockedError, ValidationError
from desktop.i18n import _, format_date
from desktop.services.delegations import DelegationDetail, FilingDeadline
from desktop.ui.delegations.attachments import AttachmentsSection
from desktop.ui.delegations.dossier import DossierSection
from desktop.ui.delegations.general import GeneralSection
from desktop.ui.delegations.members import MembersSection
from desktop.ui.delegations.status import StatusSection
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


class DelegationEditor(RecordEditorMixin, QDialog):
    """Create or edit one delegation; `saved(id)` after each successful save."""

    saved = Signal(str)

    def __init__(self, services, direction: str = "outbound", delegation_id: str | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        detail = services.delegations.get(delegation_id) if delegation_id else None
        self.direction = detail.data["direction"] if detail else direction
        self.delegation_id: str | None = None
        self.version: int | None = None
        self._show_all = detail is not None
        self._snapshot: Any = None
        self._build()
        self._live = QTimer(self)
        self._live.setSingleShot(True)
        self._live.setInterval(LIVE_DELAY_MS)
        self._live.timeout.connect(self.refresh_live)
        for section in (self.general, self.status, self.members):
            section.changed.connect(self._edited)
        self.attachments.stored.connect(self._attachments_stored)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self._limit_text("delegation", self.general.slots, self.status.slots)
        self._load(detail)

    # --- building ------------------------------------------------------------------

    def _build(self) -> None:
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        fit_to_screen(self, 1180, 780)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.heading.setWordWrap(True)
        self.version_label = QLabel()
        self.version_label.setStyleSheet("color: #555;")
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.hide()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._tabs())
        splitter.addWidget(self._side())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([720, 440])
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.version_label)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        layout.addLayout(self._buttons())

    def _tabs(self) -> QTabWidget:
        self.general = GeneralSection(self.direction, self.services)
        self.status = StatusSection(self.direction)
        self.members = MembersSection(self.services, self.direction)
        self.attachments = AttachmentsSection(self.services)
        self.dossier = DossierSection(self.services)
        self.tabs = QTabWidget()
        self.tabs.addTab(_scrolled(self.general), _("Thông tin chung"))
        self.tabs.addTab(_scrolled(self.status), _("Trạng thái"))
        self.tabs.addTab(self.members, _("Thành viên"))
        self.tabs.addTab(self.attachments, _("Tệp đính kèm"))
        self.tabs.addTab(self.dossier, _("Hồ sơ"))
        self.history = add_history_tab(self, self.services, "delegation", "delegation_id")
        return self.tabs

    def _side(self) -> QWidget:
        side = QWidget()
        self.deadline_label = QLabel()
        self.deadline_label.setWordWrap(True)
        self.deadline_label.setStyleSheet("font-weight: 600;")
        title = QLabel(_("Kiểm tra theo quy định"))
        title.setStyleSheet("font-weight: 600;")
        self.findings = FindingsPanel()
        layout = QVBoxLayout(side)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.deadline_label)
        layout.addWidget(title)
        layout.addWidget(self.findings, 1)
        return side

    def _buttons(self) -> QHBoxLayout:
        self.save_button = QPushButton(_("Lưu"))
        self.save_button.setToolTip(_("Lưu đoàn (Ctrl+S)"))
        self.close_button = QPushButton(_("Đóng"))
        self.close_button.setToolTip(_("Đóng cửa sổ (Esc)"))
        for button in (self.save_button, self.close_button):
            button.setAutoDefault(False)  # Enter in a field must not save or close
            button.setMinimumWidth(110)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        self.print_button = QPushButton(_("In / Xem trước"))
        self.print_button.setToolTip(_("Xem trước, in, lưu PDF các văn bản của đoàn (Ctrl+P)"))
        self.print_button.setAutoDefault(False)
        self.print_button.clicked.connect(self.offer_forms)
        QShortcut(QKeySequence.StandardKey.Print, self, self.offer_forms)
        row = QHBoxLayout()
        row.addWidget(self.print_button)
        row.addStretch(1)
        row.addWidget(self.save_button)
        row.addWidget(self.close_button)
        return row

    # --- content -------------------------------------------------------------------

    def _load(self, detail: DelegationDetail | None) -> None:
        data = detail.data if detail else {"direction": self.direction, "status": "draft"}
        self.delegation_id = detail.id if detail else None
        self.version = detail.version if detail else None
        self.general.load(data)
        self.general.plan.load(self.delegation_id)
        self.status.load(data)
        self.members.load(detail.members if detail else [])
        self.attachments.load(self.delegation_id, data.get("attachments") or [])
        self.dossier.load(self.delegation_id)
        self._snapshot = self._state()
        self._show_heading()
        self.refresh_live()

    def content(self) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """The delegation and its members as typed, in the service's terms."""
        data = {"direction": self.direction, **self.general.collect(), **self.status.collect(),
                "attachments": self.attachments.entries()}
        return data, self.members.collect()

    def local_problems(self, shown_only: bool = False) -> dict[str, str]:
        """What the widgets cannot read (bad dates, amounts, nationalities), by field."""
        return {**self.general.local_problems(shown_only), **self.status.local_problems(shown_only),
                **self.members.local_problems(shown_only)}

    def _edited(self) -> None:
        self._live.start()
        self._show_heading()

    def _show_heading(self) -> None:
        kind = _(ENUM_LABELS["direction"][self.direction])
        title = self.general.title.text().strip() or _("Đoàn mới")
        self.heading.setText(f"{kind}: {title}")
        self.setWindowTitle(f"{title} — {kind}" + (" *" if self.is_dirty() else ""))
        self.version_label.setText(
            _("Phiên bản {v}").format(v=self.version) if self.version else _("Chưa lưu"))

    # --- live rules ----------------------------------------------------------------

    def refresh_live(self, every_local: bool = False) -> None:
        """Validate and check the content as typed; show problems and findings.

        A date still being typed is not called wrong unless `every_local` (on saving).
        """
        self._live.stop()
        data, members = self.content()
        try:
            problems = self.services.delegations.validate(data, members)
            findings = self.services.delegations.check(data, members, self.delegation_id)
            deadline = self.services.delegations.deadline(data)
        except AppError as exc:
            self._banner("error", str(exc))
            return
        self.findings.set_findings(findings)
        self.status.set_blocking(self.findings.has_blocking())
        self._show_problems(problems, self.local_problems(shown_only=not every_local))
        self._show_deadline(deadline, data)

    def _show_problems(self, problems: list[FieldProblem], local: dict[str, str]) -> None:
        by_field: dict[str, str] = {}
        for p in problems:
            by_field[p.field] = f"{by_field[p.field]}\n{p.message}" if p.field in by_field else p.message
        by_field.update(local)
        slots = {**self.general.slots, **self.status.slots}
        for key, slot in slots.items():
            slot.set_problem(by_field.get(key) if self._show_all or slot.touched else None)
        self.members.show_problems(by_field, self.findings.findings())
        self._mark_tabs(by_field)

    def _mark_tabs(self, by_field: dict[str, str]) -> None:
        shown = [k for k in by_field if self._show_all or k.startswith("members")
                 or self._slot(k) is not None and self._slot(k).touched]
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for index in range(3):
            has = any(self._tab_of(k) == index for k in shown)
            self.tabs.setTabIcon(index, icon if has else QIcon())

    def _slot(self, key: str):
        return self.general.slots.get(key) or self.status.slots.get(key)

    def _tab_of(self, key: str) -> int:
        if key.startswith("members"):
            return 2
        return 1 if key in self.status.slots else 0

    def _show_deadline(self, deadline: FilingDeadline | None, data: dict[str, Any]) -> None:
        if deadline is None:
            self.deadline_label.setText(_("Hạn nộp hồ sơ: chưa tính được (chưa nhập ngày bắt đầu)."))
            self.deadline_label.setStyleSheet("font-weight: 600; color: #555;")
            return
        self.deadline_label.setText(_("Hạn nộp hồ sơ: {due} — {state}").format(
            due=format_date(deadline.due), state=_deadline_state(deadline, data)))
        colour = "#b71c1c" if deadline.late else "#1b3a5c"
        self.deadline_label.setStyleSheet(f"font-weight: 600; color: {colour};")

    # --- saving --------------------------------------------------------------------

    def _store(self) -> DelegationDetail:
        data, members = self.content()
        return self.services.delegations.save(data, members, self.delegation_id, self.version)

    def _store_failed(self, exc: AppError) -> bool:
        if isinstance(exc, RuleBlockedError):
            return self._blocked(exc)
        return super()._store_failed(exc)

    def _blocked(self, exc: RuleBlockedError) -> bool:
        self.findings.set_findings(self.findings.findings() or exc.findings)
        self.status.set_blocking(True)
        self._banner("error", _("Chưa lưu. ") + str(exc) + "\n"
                     + _("Ghi lý do vượt chặn ở thẻ «Trạng thái» rồi bấm Lưu lại."))
        self.tabs.setCurrentIndex(1)
        self.status.focus_override()
        return False

    def _slot_groups(self) -> list[tuple[int | None, dict]]:
        return [(0, self.general.slots), (1, self.status.slots)]

    def _focus_first_problem(self) -> None:
        """The first field marked red; with none, the members (their problems are in the table)."""
        marked = [slot for _tab, slots in self._slot_groups() for slot in slots.values()
                  if not slot.problem.isHidden()]
        if marked:
            super()._focus_first_problem()
        else:
            self.tabs.setCurrentIndex(2)

    def _attachments_stored(self, detail: DelegationDetail) -> None:
        """A file added or removed saved the record: keep typed edits, take the new version."""
        self.version = detail.version
        self._show_heading()
        self.dossier.refresh()
        self.saved.emit(detail.id)

    # --- printing ------------------------------------------------------------------

    def offer_forms(self) -> QMenu | None:
        """The menu of the forms this delegation can print (saved first: printing shows what is stored)."""
        if self.delegation_id is None:
            self._banner("error", _("Lưu đoàn trước khi in."))
            return None
        if self.is_dirty() and not self._save_for_print():
            return None
        from desktop.ui.printing.print_menu import forms_menu

        try:
            forms = self.services.printing.forms_for(self.delegation_id)
        except AppError as exc:
            dialogs.show_error(self, exc)
            return None
        self.print_menu = forms_menu(self, forms, self.preview)
        self.print_menu.popup(self.print_button.mapToGlobal(self.print_button.rect().bottomLeft()))
        return self.print_menu

    def _save_for_print(self) -> bool:
        """Save what is typed before printing; when only the move to a new status is refused (D1
        asks for the request that only printing produces, R4 for a reason), save the content
        with the status as stored and say so, so printing never traps the officer."""
        data, members = self.content()
        stored = self.status.stored_status()
        if data["status"] == stored or self.local_problems():
            return self.save()
        try:
            detail = self._store()
        except RuleBlockedError as exc:
            refused = str(exc)
        except ValidationError as exc:
            if any(p.field != "status" for p in exc.problems):
                return self.save()
            refused = " ".join(p.message for p in exc.problems)
        except AppError:
            return self.save()
        else:
            return self._saved(detail, "ok", _("Đã lưu — phiên bản {v}.").format(v=detail.version))
        try:
            detail = self.services.delegations.save({**data, "status": stored}, members,
                                                    self.delegation_id, self.version)
        except AppError:
            return self.save()
        wanted, kept = (_(ENUM_LABELS["status"][v]) for v in (data["status"], stored))
        return self._saved(detail, "warning", _(
            "Đã lưu nội dung (phiên bản {v}) để in; trạng thái vẫn là «{kept}», chưa chuyển sang "
            "«{wanted}»: {why}\nIn xong, chọn lại «{wanted}» rồi bấm Lưu.").format(
            v=detail.version, kept=kept, wanted=wanted, why=refused))

    def preview(self, form: str) -> QDialog | None:
        """Open the preview of `form` for this delegation."""
        from desktop.ui.printing.preview import show_preview

        try:
            self.preview_dialog = show_preview(self.services, form, self.delegation_id, self)
        except AppError as exc:
            dialogs.show_error(self, exc)
            return None
        self.preview_dialog.documentsChanged.connect(self.dossier.refresh)
        return self.preview_dialog


def _deadline_state(deadline: FilingDeadline, data: dict[str, Any]) -> str:
    """'còn 4 ngày làm việc', 'hôm nay là hạn chót', 'đã quá hạn 3 ngày làm việc', 'đã trình …'."""
    if data.get("status") not in (None, "draft"):
        filed = data.get("submitted_on")
        when = _(" ngày {d}").format(d=format_date(filed)) if filed else ""
        return (_("đã trình{when}, muộn") if deadline.late else _("đã trình{when}, đúng hạn")).format(when=when)
    if deadline.working_days_left > 0:
        return _("còn {n} ngày làm việc").format(n=deadline.working_days_left)
    if deadline.working_days_left == 0:
        return _("hôm nay là hạn chót")
    return _("đã quá hạn {n} ngày làm việc").format(n=-deadline.working_days_left)
