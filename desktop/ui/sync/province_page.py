"""Tiếp nhận dữ liệu (province): import bundles, held bundles, conflicts, each unit's status, trusted devices."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from desktop.errors import AppError
from desktop.i18n import _
from desktop.services.province import ago
from desktop.ui.sync.conflict_dialog import ConflictDialog
from desktop.ui.sync.devices_tab import DevicesTab
from desktop.ui.sync.import_tab import ImportTab
from desktop.ui.sync.jobs import SyncJob
from desktop.ui.sync.labels import entity_label
from desktop.ui.sync.report import ReportTree
from desktop.ui.sync.tables import fill, readonly_table, selected_row
from desktop.ui.sync.times import local_time
from desktop.ui.sync.values import FieldView
from desktop.ui.widgets import errors


class ProvincePage(QWidget):
    """The province's side of sync, one tab per job."""

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.held_rows: list = []
        self.conflict_rows: list = []
        self.conflict_dialog: ConflictDialog | None = None
        self.job: SyncJob | None = None
        self._loaded = False
        self.import_tab = ImportTab(services)
        self.import_tab.imported.connect(self.refresh)
        self.devices_tab = DevicesTab(services)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.import_tab, _("Nhập gói"))
        self.tabs.addTab(self._held_tab(), _("Gói đang chờ"))
        self.tabs.addTab(self._conflicts_tab(), _("Xung đột"))
        self.tabs.addTab(self._status_tab(), _("Tình trạng đơn vị"))
        self.tabs.addTab(self.devices_tab, _("Thiết bị và khóa"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    # --- building ------------------------------------------------------------------

    def _held_tab(self) -> QWidget:
        self.held = readonly_table([_("Đơn vị"), _("Gói số"), _("Còn thiếu gói số"), _("Nhận lúc"), _("Tệp")],
                                   _("Gói đang chờ"))
        self.force_button = QPushButton(_("Nhập dù còn thiếu gói trước…"))
        self.force_button.setToolTip(_("Chỉ dùng khi chắc chắn các gói còn thiếu sẽ không bao giờ đến"))
        self.force_button.clicked.connect(self.force_selected)
        self.force_report = ReportTree()
        self.force_report.setVisible(False)
        return self._tab(_("Gói đến trước gói liền trước nó được giữ lại ở đây, chờ các gói còn thiếu. "
                           "Hãy đề nghị đơn vị gửi các gói đó; khi chúng đến, gói đang chờ tự được nhập."),
                         self.held, [self.force_button], self.force_report)

    def _conflicts_tab(self) -> QWidget:
        self.conflicts = readonly_table([_("Đơn vị"), _("Sổ"), _("Mã hồ sơ"), _("Phiên bản đơn vị"),
                                         _("Phiên bản tỉnh"), _("Nhận lúc")], _("Xung đột chờ giải quyết"))
        self.conflicts.activated.connect(lambda index: self.open_conflict(index.row()))
        self.resolve_button = QPushButton(_("Giải quyết…"))
        self.resolve_button.clicked.connect(lambda: self.open_conflict(selected_row(self.conflicts)))
        return self._tab(_("Hồ sơ bị sửa ở cả đơn vị và tỉnh: cả hai bản được giữ. Mở từng xung đột để so sánh "
                           "và chọn bản đúng; quyết định được gửi lại đơn vị trong gói phản hồi sau."),
                         self.conflicts, [self.resolve_button])

    def _status_tab(self) -> QWidget:
        self.status = readonly_table([_("Đơn vị"), _("Gói nhận gần nhất"), _("Cách đây"), _("Từ thiết bị"),
                                      _("Gói đang chờ"), _("Tổng kiểm tra sai"), _("Xung đột")],
                                     _("Tình trạng từng đơn vị"))
        return self._tab(_("Mỗi đơn vị: gói nhận gần nhất, từ thiết bị nào, cách đây bao lâu; các dòng màu đỏ "
                           "cần xử lý (gói đang chờ, tổng kiểm tra không khớp, xung đột)."), self.status, [])

    @staticmethod
    def _tab(text: str, table, buttons: list, extra: QWidget | None = None) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        hint = QLabel(text)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(table, 1)
        if extra is not None:
            layout.addWidget(extra, 1)
        if buttons:
            row = QHBoxLayout()
            row.addStretch(1)
            for button in buttons:
                row.addWidget(button)
            layout.addLayout(row)
        return tab

    # --- loading -------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt naming)
        """Read the lists the first time the page is shown."""
        super().showEvent(event)
        if not self._loaded:
            self.refresh()

    def refresh(self) -> None:
        """Re-read held bundles, open conflicts, each unit's status and the devices."""
        self._loaded = True
        try:
            self._fill_held(self.services.sync.held())
            self._fill_conflicts(self.services.sync.conflicts())
            self._fill_status(self.services.province.unit_status())
            self.devices_tab.refresh()
        except AppError as exc:
            errors.show_error(self, exc)

    def _fill_held(self, rows: list) -> None:
        self.held_rows = rows
        fill(self.held, [[r.unit_code, str(r.bundle_seq), r.missing_text, local_time(r.received_at),
                          r.file_name] for r in rows])
        self.force_button.setEnabled(bool(rows))
        self.tabs.setTabText(1, _("Gói đang chờ ({n})").format(n=len(rows)) if rows else _("Gói đang chờ"))

    def _fill_conflicts(self, rows: list) -> None:
        self.conflict_rows = rows
        fill(self.conflicts, [[r.unit_code, entity_label(r.entity), r.record_id, str(r.incoming_version),
                               str(r.local_version), local_time(r.created_at)] for r in rows])
        self.resolve_button.setEnabled(bool(rows))
        self.tabs.setTabText(2, _("Xung đột ({n})").format(n=len(rows)) if rows else _("Xung đột"))

    def _fill_status(self, rows: list) -> None:
        fill(self.status, [[f"{r.unit_name} ({r.unit_code})",
                            _("số {n}").format(n=r.last_bundle_seq) if r.last_bundle_seq else "",
                            ago(r.last_received_at), (r.last_device_id or "")[:8],
                            _("{n} (thiếu số {numbers})").format(n=r.held, numbers=r.missing_text)
                            if r.held else "0",
                            str(r.checksum_mismatches), str(r.open_conflicts)] for r in rows],
             [r.needs_attention for r in rows])

    # --- held bundles --------------------------------------------------------------

    def force_selected(self) -> SyncJob | None:
        """Import the selected held bundle although its predecessors are missing, after asking."""
        row = selected_row(self.held)
        if row < 0 and len(self.held_rows) == 1:
            row = 0
        if row < 0:
            errors.show_error(self, _("Hãy chọn một gói đang chờ."))
            return None
        held = self.held_rows[row]
        question = _("Nhập gói số {seq} của đơn vị {unit} dù còn thiếu gói số {missing}?\n\nNhững thay đổi trong "
                     "các gói còn thiếu sẽ không có ở tỉnh cho đến khi đơn vị gửi gói toàn bộ.").format(
            seq=held.bundle_seq, unit=held.unit_code, missing=held.missing_text)
        if not errors.confirm(self, _("Nhập gói đang chờ"), question):
            return None
        self.job = SyncJob(self, _("Nhập gói đang chờ"), _("Đang ghi dữ liệu của gói…"),
                           lambda progress: self.services.sync.force_held(held.id, progress=progress))
        self.job.finished.connect(self._forced)
        self.job.failed.connect(lambda message: errors.show_error(self, message))
        return self.job.start()

    def _forced(self, reports: list) -> None:
        self.force_report.setVisible(True)
        self.force_report.show_reports(reports)
        self.refresh()

    # --- conflicts -----------------------------------------------------------------

    def _views(self, entity: str) -> dict[str, FieldView]:
        """Each field's label and kind, from the register's own columns (as the Excel export has them)."""
        try:
            columns = self.services.spreadsheets.columns(entity)
        except AppError:  # an entity this version does not know: raw names and values
            return {}
        return {c.field: FieldView(c.field, c.label, c.kind, c.enum) for c in columns}

    def open_conflict(self, row: int) -> ConflictDialog | None:
        """The side-by-side view of conflict `row`."""
        if not 0 <= row < len(self.conflict_rows):
            return None
        conflict = self.conflict_rows[row]
        self.conflict_dialog = ConflictDialog(self.services, conflict, self._views(conflict.entity), self)
        self.conflict_dialog.resolved.connect(lambda _id: self.refresh())
        self.conflict_dialog.open()
        return self.conflict_dialog
