""""Gửi dữ liệu về tỉnh…": choose a folder (a USB stick), changes or everything, write the bundle off the UI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.collation import sort_key
from desktop.i18n import _
from desktop.ui.sync.jobs import SyncJob
from desktop.ui.sync.keys_box import load_key_file
from desktop.ui.sync.labels import entity_label
from desktop.ui.widgets import errors

FOLDER_SETTING = "sync.export_folder"


def counts_text(counts: dict[str, int]) -> str:
    """"Đoàn ra, đoàn vào: 12 · Cán bộ: 30" — what a bundle holds, per register."""
    if not counts:
        return _("không có thay đổi nào")
    parts = " · ".join(f"{entity_label(e)}: {n}" for e, n in sorted(counts.items(), key=lambda kv: sort_key(entity_label(kv[0]))))
    return _("{n} hồ sơ — {parts}").format(n=sum(counts.values()), parts=parts)


class ExportDialog(QDialog):
    """Where to write, what to send, then the file written."""

    exported = Signal(object)  # the ExportResult

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.job: SyncJob | None = None
        self.result_path: Path | None = None
        self.setWindowTitle(_("Gửi dữ liệu về tỉnh"))
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        layout.addWidget(self._plaintext_box())
        layout.addLayout(self._form())
        self.result_text = QPlainTextEdit()  # the path and contents can be long: scroll, select, copy
        self.result_text.setReadOnly(True)
        self.result_text.setAccessibleName(_("Gói đã ghi"))
        self.result_text.setPlaceholderText(_("Tệp gói sẽ hiện ở đây sau khi ghi."))
        self.result_text.setFixedHeight(self.fontMetrics().lineSpacing() * 6)
        layout.addWidget(self.result_text)
        self.buttons = QDialogButtonBox()
        self.send_button = self.buttons.addButton(_("Ghi gói"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(_("Đóng"), QDialogButtonBox.ButtonRole.RejectRole)
        self.send_button.clicked.connect(self.send)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)
        self.show_encryption()

    def _plaintext_box(self) -> QWidget:
        """Shown while the province's key is missing: what would travel in clear, the way out, the choice."""
        self.plaintext_box = QWidget()
        box = QVBoxLayout(self.plaintext_box)
        box.setContentsMargins(0, 0, 0, 0)
        self.warning = QLabel(_(
            "Chưa nạp tệp khóa của tỉnh, nên gói sẽ KHÔNG được mã hóa: họ tên, ngày sinh, số hộ chiếu và quyết định "
            "kỷ luật của cán bộ trong gói sẽ đọc được với bất kỳ ai cầm tệp (dữ liệu cá nhân, Nghị định "
            "13/2023/NĐ-CP). Hãy nạp tệp khóa (.dnk) tỉnh đã gửi."))
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b71c1c;")
        self.load_key_button = QPushButton(_("Nạp tệp khóa của tỉnh…"))
        self.load_key_button.clicked.connect(self.load_key_file)
        self.plaintext_check = QCheckBox(_("Tôi hiểu, vẫn ghi gói KHÔNG mã hóa lần này"))
        self.plaintext_check.toggled.connect(lambda _on: self._enable_send())
        row = QHBoxLayout()
        row.addWidget(self.load_key_button)
        row.addWidget(self.plaintext_check, 1)
        box.addWidget(self.warning)
        box.addLayout(row)
        return self.plaintext_box

    def show_encryption(self) -> None:
        """Say what will really happen: encrypted to the province, or — only by choice — in clear."""
        self.encrypted = bool(self.services.sync.keys().recipient)
        if self.encrypted:
            self.intro.setText(_("Chương trình ghi một tệp gói (.dnb) đã ký và mã hóa cho Sở Ngoại vụ vào thư mục "
                                 "bạn chọn (ví dụ ổ USB). Chỉ máy của tỉnh mở được gói. Mang hoặc gửi tệp đó cho tỉnh."))
        else:
            self.intro.setText(_("Chương trình ghi một tệp gói (.dnb) đã ký vào thư mục bạn chọn (ví dụ ổ USB). "
                                 "Mang hoặc gửi tệp đó cho Sở Ngoại vụ."))
        self.plaintext_box.setVisible(not self.encrypted)
        self._enable_send()

    def _enable_send(self) -> None:
        self.send_button.setEnabled(self.encrypted or self.plaintext_check.isChecked())

    def load_key_file(self) -> bool:
        """The province's key file, from here: the bundle is encrypted once it is loaded."""
        loaded = load_key_file(self, self.services)
        self.show_encryption()
        return loaded

    def _form(self) -> QFormLayout:
        form = QFormLayout()
        self.folder_edit = QLineEdit(self.services.device.get_setting(FOLDER_SETTING, "") or "")
        self.folder_edit.setPlaceholderText(_("Chọn thư mục, ví dụ ổ USB"))
        self.folder_edit.setAccessibleName(_("Thư mục ghi gói"))
        self.choose_button = QPushButton(_("Chọn…"))
        self.choose_button.clicked.connect(self.choose_folder)
        row = QHBoxLayout()
        row.addWidget(self.folder_edit, 1)
        row.addWidget(self.choose_button)
        form.addRow(_("Thư mục:"), row)
        self.changes_radio = QRadioButton(_("Những thay đổi tỉnh chưa xác nhận đã nhận (thường dùng)"))
        self.full_radio = QRadioButton(_("Toàn bộ dữ liệu (lần gửi đầu tiên, hoặc khi tỉnh đề nghị)"))
        self.changes_radio.setChecked(True)
        what = QVBoxLayout()
        what.addWidget(self.changes_radio)
        what.addWidget(self.full_radio)
        form.addRow(_("Gửi:"), what)
        return form

    def choose_folder(self) -> None:
        """Pick the folder the bundle is written to."""
        folder = QFileDialog.getExistingDirectory(self, _("Chọn thư mục ghi gói"), self.folder_edit.text())
        if folder:
            self.folder_edit.setText(folder)

    def send(self) -> SyncJob | None:
        """Write the bundle off the UI thread; the file written is shown when done."""
        folder = Path(self.folder_edit.text().strip()) if self.folder_edit.text().strip() else None
        if folder is None or not folder.is_dir():
            errors.show_error(self, _("Hãy chọn một thư mục có sẵn để ghi gói (ví dụ ổ USB)."))
            return None
        full = self.full_radio.isChecked()
        plaintext = not self.encrypted and self.plaintext_check.isChecked()
        self.send_button.setEnabled(False)
        self.result_text.clear()
        self.job = SyncJob(self, _("Gửi dữ liệu về tỉnh"), _("Đang ghi gói…"),
                           lambda progress: self.services.sync.export_bundle(
                               folder, full=full, progress=progress, allow_plaintext=plaintext))
        self.job.finished.connect(lambda result: self._done(folder, result))
        self.job.failed.connect(self._failed)
        self.job.cancelled.connect(self._cancelled)
        return self.job.start()

    def _done(self, folder: Path, result) -> None:
        self._enable_send()
        self.result_path = Path(result.path)
        self.services.device.put_setting(FOLDER_SETTING, str(folder))
        sealed = (_("đã ký và mã hóa cho tỉnh") if result.encrypted
                  else _("đã ký, KHÔNG mã hóa: hãy giữ tệp cẩn thận và xóa khỏi USB sau khi tỉnh đã nhận"))
        self.result_text.setPlainText(_("Đã ghi gói số {seq} ({sealed}):\n{path}\nGồm: {counts}").format(
            seq=result.bundle_seq, sealed=sealed, path=result.path, counts=counts_text(result.counts)))
        self.exported.emit(result)

    def _failed(self, message: str) -> None:
        self._enable_send()
        errors.show_error(self, message)

    def _cancelled(self) -> None:
        self._enable_send()
        self.result_text.setPlainText(_("Đã dừng: không có gói nào được ghi."))
