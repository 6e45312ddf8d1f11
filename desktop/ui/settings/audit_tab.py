"""Cài đặt › Nhật ký: the whole register's audit trail — filters (who, register, kind, period), pages,
the chain's check, and the export to Excel. The administrator's and province staff's to read."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import access
from desktop.errors import AppError
from desktop.i18n import _
from desktop.services.audit import KIND_LABELS, PAGE, AuditFilter
from desktop.sync.labels import ENTITY_LABELS
from desktop.ui.settings.device_tab import NOTICE_STYLE
from desktop.ui.widgets import errors
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.history import when, who


class AuditTab(QWidget):
    """Nhật ký thay đổi of the whole register."""

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.offset = 0
        self.total = 0
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        filters = QHBoxLayout()
        self.user = QComboBox()
        self.entity = QComboBox()
        self.entity.addItem(_("Mọi sổ"), "")
        for key, label in sorted(ENTITY_LABELS.items(), key=lambda kv: _(kv[1])):
            self.entity.addItem(_(label), key)
        self.entity.addItem(_("Tài khoản"), "account")
        self.kind = QComboBox()
        self.kind.addItem(_("Mọi việc"), "")
        for key, label in KIND_LABELS.items():
            self.kind.addItem(_(label), key)
        self.use_period = QCheckBox(_("Từ ngày"))
        self.since = DateField()
        self.until = DateField()
        today = services.ctx.today()
        self.since.setDate(today - timedelta(days=30))
        self.until.setDate(today)
        for label, widget in ((_("Người"), self.user), (_("Sổ"), self.entity), (_("Việc"), self.kind)):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(self.use_period)
        filters.addWidget(self.since)
        filters.addWidget(QLabel(_("đến")))
        filters.addWidget(self.until)
        filters.addStretch(1)
        layout.addLayout(filters)
        for combo in (self.user, self.entity, self.kind):
            combo.currentIndexChanged.connect(self.first_page)
        self.use_period.toggled.connect(self.first_page)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(5)
        self.tree.setHeaderLabels([_("Thời điểm / Trường"), _("Người / Giá trị cũ"), _("Việc / Giá trị mới"),
                                   _("Sổ"), _("Ghi chú")])
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((170, 280, 220, 170, 240)):
            self.tree.setColumnWidth(column, width)
        layout.addWidget(self.tree, 1)
        bottom = QHBoxLayout()
        self.count = QLabel()
        bottom.addWidget(self.count)
        self.previous = QPushButton(_("‹ Trang trước"))
        self.previous.clicked.connect(lambda: self._page(-PAGE))
        self.next = QPushButton(_("Trang sau ›"))
        self.next.clicked.connect(lambda: self._page(PAGE))
        bottom.addWidget(self.previous)
        bottom.addWidget(self.next)
        bottom.addStretch(1)
        self.verify_button = QPushButton(_("Kiểm tra tính toàn vẹn"))
        self.verify_button.clicked.connect(self.verify)
        self.export_button = QPushButton(_("Xuất ra Excel…"))
        self.export_button.clicked.connect(self.export)
        bottom.addWidget(self.verify_button)
        bottom.addWidget(self.export_button)
        layout.addLayout(bottom)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(NOTICE_STYLE)
        layout.addWidget(self.notice)
        self._loaded = False

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        if not self._loaded:
            self.refresh()
        super().showEvent(event)

    def user_changed(self) -> None:
        """Another account logged in: what it may read here."""
        self.refresh()

    def refresh(self) -> None:
        """Who may read the trail; the "who" choices; the first page."""
        self._loaded = True
        allowed = self.services.ctx.may(access.AUDIT)
        for widget in (self.tree, self.verify_button, self.export_button, self.user, self.entity, self.kind):
            widget.setEnabled(allowed)
        if not allowed:
            self.intro.setText(_("Chỉ Quản trị và Cán bộ tỉnh xem được nhật ký của cả sổ. Lịch sử của từng bản ghi "
                                 "có trong thẻ “Lịch sử thay đổi” của bản ghi đó."))
            self.tree.clear()
            self.count.clear()
            return
        self.intro.setText(_("Mọi thay đổi của mọi bản ghi (ai, khi nào, giá trị cũ → mới), đăng nhập, khóa màn hình, "
                             "từ chối quyền, xuất nhập gói, thay đổi cài đặt. Các mục nối nhau bằng mã băm: một mục bị "
                             "sửa, xóa hay đảo thứ tự đều bị phát hiện khi kiểm tra."))
        self.user.blockSignals(True)
        current = self.user.currentData()
        self.user.clear()
        self.user.addItem(_("Mọi người"), "")
        for name in self.services.audit.users():
            self.user.addItem(name, name)
        self.user.setCurrentIndex(max(0, self.user.findData(current)))
        self.user.blockSignals(False)
        self.first_page()

    def wanted(self, offset: int = 0, limit: int = PAGE) -> AuditFilter:
        """The filter as chosen."""
        since = self.since.date() if self.use_period.isChecked() else None
        until = self.until.date() if self.use_period.isChecked() else None
        return AuditFilter(self.user.currentData() or "", self.entity.currentData() or "",
                           self.kind.currentData() or "", since, until, offset, limit)

    def first_page(self) -> None:
        self.offset = 0
        self._show()

    def _page(self, step: int) -> None:
        self.offset = max(0, min(self.offset + step, max(self.total - 1, 0)))
        self._show()

    def _show(self) -> None:
        if not self.services.ctx.may(access.AUDIT):
            return
        try:
            rows, self.total = self.services.audit.search(self.wanted(self.offset))
        except AppError as exc:
            errors.show_error(self, exc)
            return
        self.tree.setUpdatesEnabled(False)
        self.tree.clear()
        for row in rows:
            item = QTreeWidgetItem([when(row.at), who(row), row.kind_label, row.entity_label, row.summary])
            item.setData(0, Qt.ItemDataRole.UserRole, row.seq)
            for change in row.changes:
                item.addChild(QTreeWidgetItem([change.label, change.old or "—", change.new or "—", "", ""]))
            self.tree.addTopLevelItem(item)
        self.tree.setUpdatesEnabled(True)
        last = min(self.offset + len(rows), self.total)
        self.count.setText(_("{first}–{last} trong {total} mục").format(
            first=self.offset + 1 if rows else 0, last=last, total=self.total))
        self.previous.setEnabled(self.offset > 0)
        self.next.setEnabled(last < self.total)

    def verify(self) -> None:
        """Kiểm tra tính toàn vẹn: the whole chain recomputed."""
        result = self.services.audit.verify()
        self.notice.setText(result.message())
        if not result.intact:
            errors.show_info(self, _("Nhật ký thay đổi đã bị can thiệp"), result.message())

    def export(self) -> None:
        """Xuất ra Excel… the entries as filtered."""
        suggested = str(Path.home() / f"nhat-ky-thay-doi-{date.today():%Y%m%d}.xlsx")
        path, _chosen = QFileDialog.getSaveFileName(self, _("Xuất nhật ký ra Excel"), suggested, _("Excel (*.xlsx)"))
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        try:
            count = self.services.audit.export(self.wanted(), Path(path))
        except AppError as exc:
            errors.show_error(self, exc)
            return
        self.notice.setText(_("Đã ghi {n} mục nhật ký vào {path}.").format(n=count, path=path))
