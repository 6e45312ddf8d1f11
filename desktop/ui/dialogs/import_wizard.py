""""Nhập từ Excel…": choose a file and sheet, map columns, preview every row, then confirm.

Nothing is written before the "Nhập N bản ghi mới" button; reading the file and
writing the records run off the UI thread with a progress dialog (the preview
can be stopped; the write is one transaction and runs to its end or not at all).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.errors import AppError
from desktop.i18n import N_, _
from desktop.services.imports import (
    Guess,
    ImportService,
    Preview,
    RowResult,
    SheetInfo,
    shown_field,
)
from desktop.ui.dashboard.loader import BackgroundCall
from desktop.ui.dialogs.import_fixed import FixedFields
from desktop.ui.widgets.screen import fit_to_screen

REGISTER_NAMES = {"person": N_("Cán bộ"), "delegation": N_("Đoàn ra, đoàn vào"),
                  "foreign_ngo": N_("Tổ chức phi chính phủ nước ngoài"),
                  "aid_project": N_("Chương trình, dự án viện trợ")}
STATUS_TEXT = {"new": N_("Mới"), "duplicate": N_("Trùng"), "invalid": N_("Lỗi"), "empty": N_("Dòng trống")}
STATUS_COLOUR = {"new": "#d6f5dc", "duplicate": "#ffe6a8", "invalid": "#f8cfcf", "empty": "#eeeeee"}
SKIP = ""
RED = "color: #b00020;"


def _status_text(status: str) -> str:
    return _(STATUS_TEXT.get(status, status))


def counts_text(counts: dict[str, int]) -> str:
    """"12 mới · 3 trùng · 1 lỗi" (and the blank rows passed over, when there are some)."""
    text = _("{new} mới · {duplicate} trùng · {invalid} lỗi").format(
        new=counts.get("new", 0), duplicate=counts.get("duplicate", 0), invalid=counts.get("invalid", 0))
    if counts.get("empty"):
        text += " · " + _("{n} dòng trống bỏ qua").format(n=counts["empty"])
    return text


class _Busy:
    """A progress dialog fed from a worker thread: the worker stores (done, total), a timer shows it."""

    def __init__(self, parent: QWidget, text: str, cancellable: bool):
        self.state = (0, 0)
        self.stop = threading.Event()
        self.dialog = QProgressDialog(text, _("Dừng") if cancellable else "", 0, 0, parent)
        if not cancellable:
            self.dialog.setCancelButton(None)
        self.dialog.setWindowTitle(_("Nhập từ Excel"))
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumDuration(300)
        self.dialog.canceled.connect(self.stop.set)
        self.timer = QTimer(parent)
        self.timer.timeout.connect(self._show)
        self.timer.start(100)

    def report(self, done: int, total: int) -> None:
        """Called by the worker thread."""
        self.state = (done, total)

    def _show(self) -> None:
        done, total = self.state
        if total:
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))
            self.dialog.setLabelText(_("Đã xử lý {done}/{total} dòng…").format(done=done, total=total))

    def close(self) -> None:
        self.timer.stop()
        self.dialog.canceled.disconnect(self.stop.set)  # closing the dialog would count as "Dừng"
        self.dialog.close()


class FilePage(QWizardPage):
    """Step 1: the file and the worksheet."""

    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.sheets: list[SheetInfo] = []
        self.setTitle(_("Bước 1: Chọn tệp"))
        self.setSubTitle(_("Chọn tệp Excel (.xlsx) và trang tính có dữ liệu; chương trình tự tìm dòng tiêu đề cột, "
                           "bỏ qua các dòng tiêu đề phía trên bảng."))
        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText(_("Chưa chọn tệp"))
        self.choose_button = QPushButton(_("Chọn tệp…"))
        self.choose_button.clicked.connect(self.choose)
        self.sheet_combo = QComboBox()
        self.sheet_combo.currentIndexChanged.connect(lambda _i: self.completeChanged.emit())
        self.register_combo = QComboBox()
        for entity in wizard.entities:
            self.register_combo.addItem(_(REGISTER_NAMES.get(entity, entity)), entity)
        self.register_combo.setCurrentIndex(max(self.register_combo.findData(wizard.entity), 0))
        self.register_combo.currentIndexChanged.connect(self._register_changed)
        self.error = QLabel()
        self.error.setStyleSheet(RED)
        self.error.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.choose_button)
        layout = QVBoxLayout(self)
        if len(wizard.entities) > 1:
            layout.addWidget(QLabel(_("Nhập vào sổ:")))
            layout.addWidget(self.register_combo)
        layout.addWidget(QLabel(_("Tệp:")))
        layout.addLayout(row)
        layout.addWidget(QLabel(_("Trang tính:")))
        layout.addWidget(self.sheet_combo)
        layout.addWidget(self.error)
        self.info = QLabel()
        self.info.setWordWrap(True)
        layout.addWidget(self.info)
        layout.addStretch(1)
        self._show_note()

    def _register_changed(self, _index: int) -> None:
        self.w.set_entity(self.register_combo.currentData())
        self._show_note()

    def _show_note(self) -> None:
        note = self.w.imports.note(self.w.entity)
        self.info.setText(note)
        self.info.setVisible(bool(note))

    def choose(self) -> None:
        """Ask for a file, then read its sheets."""
        path, _filter = QFileDialog.getOpenFileName(self, _("Chọn tệp Excel"), str(Path.home()),
                                                    _("Bảng tính Excel (*.xlsx *.xlsm);;Mọi tệp (*)"))
        if path:
            self.load(Path(path))

    def load(self, path: Path) -> None:
        """Read the sheets of `path`; a file that cannot be read is explained under the box."""
        self.path_edit.setText(str(path))
        self.sheet_combo.clear()
        self.sheets = []
        self.error.clear()
        try:
            self.sheets = self.w.imports.open(path)
        except AppError as exc:
            self.error.setText(str(exc))
        self.w.path = path if self.sheets else None
        for sheet in self.sheets:
            self.sheet_combo.addItem(_("{name} ({rows} dòng)").format(name=sheet.name, rows=sheet.rows), sheet.name)
        self.completeChanged.emit()

    def sheet(self) -> SheetInfo | None:
        index = self.sheet_combo.currentIndex()
        return self.sheets[index] if 0 <= index < len(self.sheets) else None

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return self.sheet() is not None


class MappingPage(QWizardPage):
    """Step 2: which field each column fills."""

    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle(_("Bước 2: Ghép cột"))
        self.setSubTitle(_("Chọn trường nhận dữ liệu của từng cột; cột không cần nhập để «(bỏ qua)». "
                           "Trường có dấu * là bắt buộc."))
        self.fields = wizard.imports.fields(wizard.entity)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([_("Cột trong tệp"), _("Nhập vào trường")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.extra = FixedFields(wizard.imports)
        self.extra.changed.connect(self._changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.extra)
        layout.addWidget(self.status)
        self.combos: list[tuple[str, QComboBox]] = []

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        sheet = self.w.file_page.sheet()
        headers = sheet.headers if sheet else []
        self.fields = self.w.imports.fields(self.w.entity)
        guessed = self.w.guess(sheet)
        guess = guessed.mapping
        self.combos = []
        self.extra.start(self.w.entity, self.fields, headers, guessed)
        self.table.setRowCount(len(headers))
        for row, header in enumerate(headers):
            self.table.setItem(row, 0, QTableWidgetItem(header))
            combo = QComboBox()
            combo.addItem(_("(bỏ qua)"), SKIP)
            for f in self.fields:
                combo.addItem(f"{f.label} *" if f.required else f.label, f.field)
            combo.setCurrentIndex(max(combo.findData(guess.get(header, SKIP)), 0))
            combo.currentIndexChanged.connect(self._changed)
            self.table.setCellWidget(row, 1, combo)
            self.combos.append((header, combo))
        self._changed()

    def mapping(self) -> dict[str, str]:
        """header → field, for the columns not skipped."""
        return {h: c.currentData() for h, c in self.combos if c.currentData()}

    def problems(self) -> list[str]:
        return self.w.imports.mapping_problems(self.w.entity, self.mapping(), self.extra.fixed(), self.extra.also())

    def _changed(self, _index: int = 0) -> None:
        problems = self.problems()
        self.status.setStyleSheet(RED if problems else "")
        self.status.setText("\n".join(problems) if problems else
                            _("{n} cột sẽ được nhập.").format(n=len(self.mapping())))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return bool(self.combos) and not self.problems()


class PreviewModel(QAbstractTableModel):
    """The rows of a preview, filtered by status."""

    def __init__(self, entity: str, fields: list[tuple[str, str]]):
        super().__init__()
        self.entity, self.fields = entity, fields
        self.all: list[RowResult] = []
        self.rows: list[RowResult] = []
        self.status = ""

    def set_rows(self, rows: list[RowResult], status: str = "") -> None:
        self.beginResetModel()
        self.all, self.status = rows, status
        self.rows = [r for r in rows if (r.status == status if status else r.status != "empty")]
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 3 + len(self.fields)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return [_("Dòng"), _("Tình trạng"), *(label for _f, label in self.fields), _("Chương trình đã đoán")][section]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return str(r.row)
            if col == 1:
                return _status_text(r.status)
            if col == 2 + len(self.fields):
                return " · ".join(r.guesses)
            name = self.fields[col - 2][0]
            return shown_field(self.entity, name, r.values.get(name))
        if role == Qt.ItemDataRole.ToolTipRole and (r.problems or r.notes or r.guesses):
            return "\n".join([*r.problems, *r.notes, *r.guesses])
        if role == Qt.ItemDataRole.BackgroundRole and 1 < col < 2 + len(self.fields) and self.fields[col - 2][0] in r.bad:
            return QBrush(QColor(STATUS_COLOUR["invalid"]))
        if role == Qt.ItemDataRole.BackgroundRole and col <= 1:
            return QBrush(QColor(STATUS_COLOUR.get(r.status, "#ffffff")))
        return None


class PreviewPage(QWizardPage):
    """Step 3: every row with its status, read off the UI thread."""

    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle(_("Bước 3: Xem trước"))
        self.setSubTitle(_("Chưa có gì được ghi. Dòng «Mới» sẽ được nhập; dòng «Trùng» và «Lỗi» được bỏ qua."))
        self.preview: Preview | None = None
        self.job: BackgroundCall | None = None
        self.busy: _Busy | None = None
        self.counts = QLabel()
        self.filter = QComboBox()
        for status, label in (("", _("Tất cả")), ("new", _("Mới")), ("duplicate", _("Trùng")),
                              ("invalid", _("Lỗi")), ("empty", _("Dòng trống"))):
            self.filter.addItem(label, status)
        self.filter.currentIndexChanged.connect(self._filter)
        self.model = PreviewModel(wizard.entity, [])
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.selectionModel().currentRowChanged.connect(self._detail)
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.detail.setPlaceholderText(_("Chọn một dòng để xem chi tiết lỗi hoặc bản ghi trùng."))
        self.error = QLabel()
        self.error.setStyleSheet(RED)
        self.error.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.counts, 1)
        top.addWidget(QLabel(_("Hiện:")))
        top.addWidget(self.filter)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.error)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        self.preview = None
        self.error.clear()
        self.counts.clear()
        mapping = self.w.mapping_page.mapping()
        order = {f.field: i for i, f in enumerate(self.w.mapping_page.fields)}
        labels = {f.field: f.label for f in self.w.mapping_page.fields}
        fields = sorted({*mapping.values(), *self.w.mapping_page.extra.also(), *self.w.mapping_page.extra.fixed()},
                        key=lambda f: order[f])
        self.model.fields = [(f, labels[f]) for f in fields]
        self.model.entity = self.w.entity
        self.model.set_rows([])
        sheet = self.w.file_page.sheet()
        path, entity = self.w.path, self.w.entity
        self.busy = busy = _Busy(self, _("Đang đọc tệp…"), cancellable=True)
        extra = self.w.mapping_page.extra
        fixed, also, reasons = extra.fixed(), extra.also(), extra.reasons_kept()
        self.job = BackgroundCall(lambda: self.w.imports.preview(
            path, sheet.name, entity, mapping, progress=busy.report, cancelled=busy.stop.is_set,
            fixed=fixed, also=also, reasons=reasons), self)
        self.job.finished.connect(self._done)
        self.job.failed.connect(self._failed)
        self.job.start()
        self.completeChanged.emit()

    def running(self) -> bool:
        return self.job is not None and self.job.busy()

    def _close_busy(self) -> None:
        if self.busy is not None:
            self.busy.close()
            self.busy = None

    def _done(self, preview: Preview) -> None:
        self._close_busy()
        self.preview = preview
        self.w.preview = preview
        self.counts.setText(counts_text(preview.counts))
        self._filter()
        if not preview.counts.get("new"):
            self.error.setText(_("Không có bản ghi mới nào để nhập."))
        self.completeChanged.emit()

    def _failed(self, message: str) -> None:
        stopped = self.busy is not None and self.busy.stop.is_set()
        self._close_busy()
        if stopped:
            self.w.back()
            self.w.mapping_page.status.setText(_("Đã dừng đọc tệp; chưa có gì được ghi."))
            return
        self.error.setText(message)
        self.completeChanged.emit()

    def _filter(self, _index: int = 0) -> None:
        self.model.set_rows(self.preview.rows if self.preview else [], self.filter.currentData() or "")
        self.table.resizeColumnsToContents()
        self.detail.clear()

    def _detail(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.detail.clear()
            return
        r = self.model.rows[current.row()]
        lines = [_("Dòng {row}: {status}").format(row=r.row, status=_status_text(r.status))]
        lines += [f"• {p}" for p in r.problems]
        lines += [f"ⓘ {n}" for n in r.notes]
        lines += [f"≈ {g}" for g in r.guesses]
        self.detail.setPlainText("\n".join(lines))

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return self.preview is not None and self.preview.counts.get("new", 0) > 0


class ConfirmPage(QWizardPage):
    """Step 4: the one button that writes, then what was written."""

    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle(_("Bước 4: Nhập"))
        self.result: dict[str, int] | None = None
        self.job: BackgroundCall | None = None
        self.busy: _Busy | None = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.commit_button = QPushButton()
        self.commit_button.clicked.connect(self.commit)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.commit_button)
        layout.addWidget(self.outcome)
        layout.addStretch(1)
        self.setFinalPage(True)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        counts = self.w.preview.counts if self.w.preview else {}
        new = counts.get("new", 0)
        self.result = None
        self.outcome.clear()
        self.summary.setText(_("Sẽ nhập {new} bản ghi mới vào sổ, trong một lần ghi: lỗi giữa chừng thì không "
                               "ghi gì. Bỏ qua {duplicate} dòng trùng và {invalid} dòng lỗi.").format(
            new=new, duplicate=counts.get("duplicate", 0), invalid=counts.get("invalid", 0)))
        self.commit_button.setText(_("Nhập {n} bản ghi mới").format(n=new))
        self.commit_button.setEnabled(new > 0)

    def commit(self) -> None:
        """Write the new rows off the UI thread."""
        preview = self.w.preview
        if preview is None:
            return
        self.commit_button.setEnabled(False)
        self.w.button(QWizard.WizardButton.BackButton).setEnabled(False)
        self.w.button(QWizard.WizardButton.CancelButton).setEnabled(False)
        self.busy = busy = _Busy(self, _("Đang ghi vào sổ…"), cancellable=False)
        self.job = BackgroundCall(lambda: self.w.imports.commit(preview, progress=busy.report), self)
        self.job.finished.connect(self._done)
        self.job.failed.connect(self._failed)
        self.job.start()

    def running(self) -> bool:
        return self.job is not None and self.job.busy()

    def _close_busy(self) -> None:
        if self.busy is not None:
            self.busy.close()
            self.busy = None

    def _done(self, result: dict[str, int]) -> None:
        self._close_busy()
        self.result = result
        self.outcome.setStyleSheet("")
        self.outcome.setText(_("Đã nhập {created} bản ghi mới. Bỏ qua {duplicate} dòng trùng, {invalid} dòng lỗi "
                               "và {empty} dòng trống.").format(**result))
        self.w.button(QWizard.WizardButton.CancelButton).setVisible(False)
        self.w.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)  # written: no second round
        self.w.imported.emit(result["created"])
        self.completeChanged.emit()

    def _failed(self, message: str) -> None:
        self._close_busy()
        self.outcome.setStyleSheet(RED)
        self.outcome.setText(_("Không nhập được: {error} Chưa có bản ghi nào được ghi.").format(error=message))
        self.commit_button.setEnabled(True)
        self.w.button(QWizard.WizardButton.BackButton).setEnabled(True)
        self.w.button(QWizard.WizardButton.CancelButton).setEnabled(True)

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return self.result is not None


class ImportWizard(QWizard):
    """"Nhập từ Excel…" into one register ("person", "delegation", "foreign_ngo", "aid_project"), or
    into one of `entities`, chosen on the first page.

    `imported(n)` is emitted after the records are written, so a list can reload.
    """

    imported = Signal(int)

    def __init__(self, services: Any, entity: str, parent: QWidget | None = None,
                 entities: list[str] | None = None, fixed: dict[str, str] | None = None):
        super().__init__(parent)
        self.services, self.entity = services, entity
        self.entities = list(entities or [entity])
        self.page_fixed = dict(fixed or {})  # what the page it was opened from implies (Đoàn ra: outbound)
        self.imports: ImportService = getattr(services, "imports", None) or ImportService(services.ctx)
        self.path: Path | None = None
        self.preview: Preview | None = None
        self.setWindowTitle(self.imports.title(entity))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        for button, text in ((QWizard.WizardButton.BackButton, _("< Quay lại")),
                             (QWizard.WizardButton.NextButton, _("Tiếp theo >")),
                             (QWizard.WizardButton.CancelButton, _("Hủy")),
                             (QWizard.WizardButton.FinishButton, _("Xong"))):
            self.setButtonText(button, text)
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.confirm_page = ConfirmPage(self)
        for page in (self.file_page, self.mapping_page, self.preview_page, self.confirm_page):
            self.addPage(page)
        fit_to_screen(self, 900, 640)

    def set_entity(self, entity: str) -> None:
        """Import into another register (chosen on the first page)."""
        self.entity = entity
        self.preview = None
        self.setWindowTitle(self.imports.title(entity))

    def guess(self, sheet: SheetInfo | None) -> Guess:
        """The service's guesses for `sheet`, completed by what the page implies where the sheet says nothing."""
        if sheet is None:
            return Guess({}, {}, {}, {})
        guess = self.imports.guess(self.entity, sheet)
        implied = {f: v for f, v in self.page_fixed.items()
                   if f not in guess.fixed and f not in guess.mapping.values() and f in {c.field for c in
                                                                                       self.imports.fields(self.entity)}}
        reasons = {f: _("theo trang đang mở") for f in implied}
        return Guess(guess.mapping, {**guess.fixed, **implied}, guess.also, {**guess.reasons, **reasons})

    def reject(self) -> None:
        """Close without writing; refused while the records are being written."""
        if self.confirm_page.running():
            return
        super().reject()

    def created(self) -> int:
        """How many records were written (0 before the confirm)."""
        return (self.confirm_page.result or {}).get("created", 0)
