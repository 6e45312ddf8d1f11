"""Cài đặt › Sao lưu: every backup of the register with what it holds, and Sao lưu ngay (in the
background, with its progress; the window stays usable)."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from desktop.domain import access
from desktop.i18n import N_, _
from desktop.sync.labels import entity_label
from desktop.ui.dashboard.loader import BackgroundCall
from desktop.ui.settings.device_tab import NOTICE_STYLE
from desktop.ui.settings.tables import fill_rows, read_only_table
from desktop.ui.widgets import errors

LABELS = {"manual": N_("Sao lưu ngay"), "daily": N_("Tự động hằng ngày"),
          "before-bundle-import": N_("Trước khi nhập gói"), "before-encryption": N_("Trước khi mã hóa")}


def label_of(label: str) -> str:
    """A backup's kind as the user reads it."""
    if label in LABELS:
        return _(LABELS[label])
    if label.startswith("before-"):
        return _("Trước khi nâng cấp dữ liệu ({rev})").format(rev=label.removeprefix("before-"))
    return label


class BackupsTab(QWidget):
    """The backups of the register and the button that makes one now."""

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.rows: list = []
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.table = read_only_table([_("Thời điểm"), _("Loại"), _("Số bản ghi"), _("Kích thước"),
                                      _("Phiên bản"), _("Mã hóa"), _("Tệp")], stretch=6)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.now_button = QPushButton(_("Sao lưu ngay"))
        self.now_button.clicked.connect(self.back_up_now)
        self.folder_button = QPushButton(_("Mở thư mục sao lưu"))
        self.folder_button.clicked.connect(self.open_folder)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        row.addWidget(self.now_button)
        row.addWidget(self.folder_button)
        row.addWidget(self.progress, 1)
        row.addStretch(1)
        layout.addLayout(row)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(NOTICE_STYLE)
        layout.addWidget(self.notice)
        self.worker = BackgroundCall(self._back_up, self)
        self.worker.finished.connect(self._done)
        self.worker.failed.connect(self._failed)
        self._loaded = False

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        if not self._loaded:
            self.refresh()
        super().showEvent(event)

    def user_changed(self) -> None:
        """Another account logged in: whether it may back up."""
        self.refresh()

    def refresh(self) -> None:
        """Re-read the backups folder."""
        self._loaded = True
        daily, weekly, monthly = self.services.backups.retention()
        self.intro.setText(_("Mỗi ngày, lần mở chương trình đầu tiên tự sao lưu sổ; “Sao lưu ngay” sao lưu lúc "
                             "này. Mỗi bản được kiểm tra toàn vẹn trước khi tính và được mã hóa như sổ. Giữ bản mới "
                             "nhất của {d} ngày, {w} tuần và {m} tháng gần nhất. Thư mục: {folder}").format(
            d=daily, w=weekly, m=monthly, folder=self.services.backups.folder()))
        self.rows = self.services.backups.list()
        fill_rows(self.table, [[f"{r.made_at.astimezone():%d/%m/%Y %H:%M}", label_of(r.label),
                                str(r.records) if r.counts else "", f"{r.size / 2**20:.1f} MiB",
                                r.app_version, _("Có") if r.encrypted else "", r.path.name] for r in self.rows],
                  tooltips=[_summary(r) for r in self.rows])
        self.now_button.setEnabled(self.services.ctx.may(access.BACKUP) and not self.progress.isVisible())

    def back_up_now(self) -> None:
        """Sao lưu ngay, off the window's thread."""
        self.now_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.notice.setText(_("Đang sao lưu…"))
        self.worker.start()

    def _back_up(self):
        return self.services.backups.make_now()

    def _done(self, row) -> None:
        self.progress.setVisible(False)
        self.notice.setText(_("Đã sao lưu và kiểm tra: {name} ({n} bản ghi).").format(name=row.path.name, n=row.records))
        self.refresh()

    def _failed(self, message: str) -> None:
        self.progress.setVisible(False)
        self.notice.setText("")
        errors.show_error(self, message)
        self.refresh()

    def open_folder(self) -> None:
        """The backups folder in the file manager."""
        folder = self.services.backups.folder()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def _summary(row) -> str:
    return "\n".join(f"{entity_label(entity)}: {n}" for entity, n in sorted(row.counts.items())) or row.path.name
