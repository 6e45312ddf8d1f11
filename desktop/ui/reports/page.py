"""Báo cáo: the yearly report for a year and a scope — the figures by section (each opening the
records it counts), the charts, the printed report's preview, and Lưu PDF / Word / Excel.

Every count is made by `ReportService` on the thread pool: the window stays usable while a
consolidated report of every unit is built, and "Dừng" drops the answer still awaited.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import Stopped
from desktop.i18n import N_, _, format_date
from desktop.reports.document import Texts
from desktop.reports.figures import SECTIONS, Figure
from desktop.reports.text import key_name, value_text
from desktop.ui.dashboard.loader import BackgroundCall
from desktop.ui.printing.viewer import PdfViewer
from desktop.ui.widgets import errors

FIGURE_ROLE = Qt.ItemDataRole.UserRole
LAST_FOLDER = "report/last_folder"
REBUILD_DELAY_MS = 400
PROGRESS_MS = 100  # how often the bar shows how far the count has got
SAVE_DELAY_MS = 1500  # typed sections are kept this long after the last key: nothing typed is lost
TEXT_SECTIONS = (("assessment", N_("III. Đánh giá: tồn tại, hạn chế, nguyên nhân")),
                 ("directions", N_("IV. Phương hướng, nhiệm vụ năm tới")),
                 ("recommendations", N_("V. Kiến nghị, đề xuất")))
FILE_KINDS = {"pdf": N_("Tệp PDF (*.pdf)"), "docx": N_("Tài liệu Word (*.docx)"), "xlsx": N_("Bảng tính Excel (*.xlsx)")}
REGISTER_NAMES = {
    "delegation": N_("Đoàn"), "conference": N_("Hội nghị, hội thảo"), "foreign_ngo": N_("Tổ chức PCP"),
    "ngo_report": N_("Báo cáo của tổ chức PCP"), "ngo_certificate": N_("Giấy đăng ký"),
    "aid_project": N_("Dự án viện trợ"), "aid_disbursement": N_("Giải ngân"),
    "promotion_activity": N_("Xúc tiến"), "follow_up_action": N_("Việc sau xúc tiến"),
    "overseas_contact": N_("Kiều bào, hội đoàn"), "overseas_activity": N_("Hoạt động kiều bào"),
    "annual_plan": N_("Kế hoạch năm"), "planned_activity": N_("Hoạt động kế hoạch"), "person": N_("Cán bộ"),
    "training_record": N_("Bồi dưỡng"), "unit": N_("Đơn vị"),
}


class ReportsPage(QWidget):
    """Year and scope, then the figures, charts and preview of the report."""

    openRecord = Signal(str, str)

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.report = None
        self._shown_texts: Texts | None = None
        self._summary = ""
        self._saved_note = ""
        self._pdf = b""
        self._target: tuple[str, Path] | None = None
        self.document = None  # the report's entry in the outgoing-document register
        self._stop = threading.Event()  # Dừng: the count ends at the next register it reads
        self._progress_state = (0, 0)
        self.sign_dialog = None
        self.loader = BackgroundCall(self._count, self)
        self.loader.finished.connect(self._counted)
        self.loader.failed.connect(self._failed)
        self.renderer = BackgroundCall(lambda: self.services.reports.render(self.report, "pdf", self._shown_texts), self)
        self.renderer.finished.connect(self._rendered)
        self.renderer.failed.connect(self._failed)
        self.writer = BackgroundCall(self._write, self)
        self.writer.finished.connect(self._written)
        self.writer.failed.connect(self._failed)
        self._build()
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.build_report,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.build_report()

    # --- layout -----------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addLayout(self._controls())
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #333;")
        layout.addWidget(self.status)
        self.tabs = QTabWidget()
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([_("Chỉ tiêu"), _("Số liệu"), _("Mã")])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.tree.header().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        self.tree.setColumnWidth(1, 330)
        self.tree.setAccessibleName(_("Số liệu báo cáo"))
        self.tree.itemActivated.connect(self._open_figure)
        self.tabs.addTab(self.tree, _("Số liệu"))
        self.charts = QWidget()
        self.chart_grid = QGridLayout(self.charts)
        self.tabs.addTab(self.charts, _("Biểu đồ"))
        self.tabs.addTab(self._text_tab(), _("Phần viết (III–V)"))
        self.viewer = PdfViewer()
        self.tabs.addTab(self.viewer, _("Xem trước"))
        layout.addWidget(self.tabs, 1)
        layout.addLayout(self._buttons())

    def _text_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.text_note = QLabel()
        self.text_note.setWordWrap(True)
        self.text_note.setStyleSheet("color: #555;")
        layout.addWidget(self.text_note)
        self.text_edits: dict[str, QPlainTextEdit] = {}
        for key, title in TEXT_SECTIONS:
            label = QLabel(_(title))
            edit = QPlainTextEdit()
            edit.setAccessibleName(_(title))
            edit.setTabChangesFocus(True)
            label.setBuddy(edit)
            edit.textChanged.connect(self._text_changed)
            layout.addWidget(label)
            layout.addWidget(edit, 1)
            self.text_edits[key] = edit
        self._save_texts = QTimer(self)
        self._save_texts.setSingleShot(True)
        self._save_texts.setInterval(SAVE_DELAY_MS)
        self._save_texts.timeout.connect(self.flush_texts)
        self._texts_for: tuple[int, str | None] | None = None
        self._loading_texts = False
        self._texts_pending = False
        return tab

    def _controls(self) -> QHBoxLayout:
        row = QHBoxLayout()
        title = QLabel(_("Báo cáo kết quả công tác đối ngoại"))
        title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        row.addWidget(title)
        row.addSpacing(12)
        row.addWidget(QLabel(_("Năm:")))
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(self.services.ctx.today().year)
        self.year.setAccessibleName(_("Năm báo cáo"))
        row.addWidget(self.year)
        row.addWidget(QLabel(_("Phạm vi:")))
        self.scope = QComboBox()
        self.scope.setAccessibleName(_("Phạm vi báo cáo"))
        for choice in self.services.reports.scopes():
            self.scope.addItem(choice.label, choice.unit_code)
        self.scope.setMinimumContentsLength(24)
        self.scope.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        row.addWidget(self.scope)
        self.build_button = QPushButton(_("Lập báo cáo (F5)"))
        self.build_button.clicked.connect(self.build_report)
        self.stop_button = QPushButton(_("Dừng"))
        self.stop_button.clicked.connect(self.stop)
        self.stop_button.setEnabled(False)
        row.addWidget(self.build_button)
        row.addWidget(self.stop_button)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(_("Tiến độ tổng hợp số liệu"))
        self.progress.setFormat(_("Đang đọc sổ %v/%m"))
        self.progress.setMaximumWidth(220)
        self.progress.hide()
        row.addWidget(self.progress)
        row.addStretch(1)
        self._progress_timer = QTimer(self)
        self._progress_timer.setInterval(PROGRESS_MS)
        self._progress_timer.timeout.connect(self._show_progress)
        self._rebuild = QTimer(self)  # one count for a burst of clicks on the year's arrows
        self._rebuild.setSingleShot(True)
        self._rebuild.setInterval(REBUILD_DELAY_MS)
        self._rebuild.timeout.connect(self.build_report)
        self.year.valueChanged.connect(self._rebuild.start)
        self.scope.currentIndexChanged.connect(self._rebuild.start)
        return row

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        hint = QLabel(_("Chọn một chỉ tiêu rồi bấm Enter (hoặc bấm đúp) để xem các bản ghi được đếm."))
        hint.setStyleSheet("color: #555;")
        row.addWidget(hint, 1)
        self.number_label = QLabel()
        self.number_label.setStyleSheet("color: #333;")
        row.addWidget(self.number_label)
        self.sign_button = QPushButton(_("Ký, cấp số…"))
        self.sign_button.setToolTip(_("Vào sổ văn bản đi và lấy số khi báo cáo đã được ký; bản in ghi số và ngày"))
        self.sign_button.clicked.connect(self.sign)
        self.sign_button.setEnabled(False)
        row.addWidget(self.sign_button)
        self.save_buttons = {}
        for kind, label in (("pdf", N_("Lưu PDF…")), ("docx", N_("Lưu Word…")), ("xlsx", N_("Lưu Excel…"))):
            button = QPushButton(_(label))
            button.clicked.connect(lambda _checked=False, kind=kind: self.save(kind))
            button.setEnabled(False)
            row.addWidget(button)
            self.save_buttons[kind] = button
        return row

    # --- counting ---------------------------------------------------------------------

    def build_report(self) -> None:
        """Count the figures of the chosen year and scope (in the background)."""
        self._rebuild.stop()
        self.flush_texts()  # what was typed for the previous year or scope is kept first
        self._saved_note = ""
        self._params = (self.year.value(), self.scope.currentData())
        self.status.setText(_("Đang tổng hợp số liệu năm {year}…").format(year=self._params[0]))
        self.stop_button.setEnabled(True)
        self.build_button.setEnabled(False)
        for button in self.save_buttons.values():
            button.setEnabled(False)
        self._stop.clear()
        self._progress_state = (0, 0)
        self.progress.setRange(0, 0)
        self.progress.show()
        self._progress_timer.start()
        self.loader.start()

    def _count(self):
        year, unit = self._params
        reports = self.services.reports
        report = reports.annual(year, unit, progress=self._on_progress)
        return (report, reports.texts(year, unit), reports.prefilled(report), reports.may_edit_texts(unit),
                reports.registered(year, unit))

    def _on_progress(self, done: int, total: int) -> None:
        """Called by the service on the worker thread after each register it has read."""
        if self._stop.is_set():
            raise Stopped
        self._progress_state = (done, total)

    def _show_progress(self) -> None:
        done, total = self._progress_state
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        if not self.loader.busy():
            self._progress_timer.stop()
            self.progress.hide()

    def stop(self) -> None:
        """Stop the count in progress (it ends at the next register) and drop its answer."""
        self._stop.set()
        self._rebuild.stop()
        self.loader.cancel()
        self.renderer.cancel()
        self.stop_button.setEnabled(False)
        self.build_button.setEnabled(True)
        self.status.setText(_("Đã dừng. Bấm «Lập báo cáo» để tổng hợp lại."))

    def busy(self) -> bool:
        """Whether figures or the preview are still being made."""
        return self.loader.busy() or self.renderer.busy() or self.writer.busy()

    def _counted(self, answer) -> None:
        report, texts, prefilled, editable, document = answer
        self.report = report
        self._show_number(document, editable)
        self._show_texts(texts, prefilled, editable)
        self._fill_tree(report)
        self._fill_charts(report)
        names = report.unit_names
        scope = names.get(report.scope[0], report.scope[0]) if report.scope else ""
        units = _(" — {n} đơn vị").format(n=len(report.by_unit)) if len(report.by_unit) > 1 else ""
        self._summary = _("Năm {year}, {scope}{units}: số liệu đến ngày {day}.").format(
            year=report.year, scope=scope, units=units, day=format_date(report.cutoff))
        self.status.setText(self._summary + " " + _("Đang dựng bản in…"))
        self.build_button.setEnabled(True)
        self.renderer.start()

    def _rendered(self, data: bytes) -> None:
        self._pdf = data
        self.viewer.set_pdf(data)
        self.stop_button.setEnabled(False)
        self.status.setText(" ".join(x for x in (self._summary, self._saved_note) if x))
        for button in self.save_buttons.values():
            button.setEnabled(True)

    def _failed(self, message: str) -> None:
        self.stop_button.setEnabled(False)
        self.build_button.setEnabled(True)
        self.status.setText("")
        errors.show_error(self, message)

    # --- the typed sections ---------------------------------------------------------------

    def _show_texts(self, texts: Texts, prefilled: Texts, editable: bool) -> None:
        self._loading_texts = True
        try:
            for key, edit in self.text_edits.items():
                edit.setPlainText(getattr(texts, key) or getattr(prefilled, key))
                edit.setReadOnly(not editable)
        finally:
            self._loading_texts = False
        self._texts_for = self._params if editable else None
        self._texts_pending = False
        self._shown_texts = self.typed_texts()
        self.text_note.setText(
            _("Gõ nội dung các phần III–V; chương trình tự lưu sau mỗi lần ngừng gõ và đưa vào bản in. "
              "Phần III được điền sẵn những việc cần giải trình.") if editable else
            _("Phần viết do đơn vị soạn và gửi về; máy này chỉ xem."))

    def typed_texts(self) -> Texts:
        """What the three boxes hold now."""
        return Texts(**{key: edit.toPlainText() for key, edit in self.text_edits.items()})

    def _text_changed(self) -> None:
        if not self._loading_texts and self._texts_for is not None:
            self._texts_pending = True
            self._save_texts.start()

    def flush_texts(self) -> bool:
        """Keep what was typed now (no wait); True when nothing is left unsaved."""
        if not self._texts_pending or self._texts_for is None:
            return True
        self._save_texts.stop()
        year, unit = self._texts_for
        texts = self.typed_texts()
        try:
            self.services.reports.save_texts(year, texts, unit)
        except Exception as exc:  # a message, and the text stays in the boxes to try again
            errors.show_error(self, exc)
            return False
        self._shown_texts = texts
        self._texts_pending = False
        self._saved_note = _("Đã lưu phần viết của báo cáo năm {year}.").format(year=year)
        self.status.setText(" ".join(x for x in (self._summary, self._saved_note) if x))
        if self.report is not None and (self.report.year, self._params[1]) == (year, unit):
            self.renderer.start()  # the preview shows what was typed
        return True

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt override
        """Leaving the page (another page, the program closing) keeps what was typed."""
        self.flush_texts()
        super().hideEvent(event)

    # --- the figures ------------------------------------------------------------------

    def _fill_tree(self, report) -> None:
        self.tree.clear()
        for section in SECTIONS:
            head = QTreeWidgetItem([_(section.title)])
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            self.tree.addTopLevelItem(head)
            for code in section.codes:
                figure = report.figures[code]
                item = QTreeWidgetItem([_(figure.label), value_text(figure), code])
                item.setData(0, FIGURE_ROLE, figure)
                item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                head.addChild(item)
                if isinstance(figure.value, dict):
                    for key, n in figure.value.items():
                        child = QTreeWidgetItem([key_name(code, key), str(n), ""])
                        child.setData(0, FIGURE_ROLE, figure)
                        child.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                        item.addChild(child)
            head.setExpanded(True)
        first = self.tree.topLevelItem(0)
        if first is not None and first.childCount():
            self.tree.setCurrentItem(first.child(0))

    def figure_item(self, code: str) -> QTreeWidgetItem | None:
        """The line of the figure `code`."""
        for i in range(self.tree.topLevelItemCount()):
            head = self.tree.topLevelItem(i)
            for j in range(head.childCount()):
                if head.child(j).text(2) == code:
                    return head.child(j)
        return None

    def _open_figure(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        figure = item.data(0, FIGURE_ROLE)
        if isinstance(figure, Figure):
            self.show_records(figure)

    def show_records(self, figure: Figure) -> QDialog:
        """The records a figure counts, each opening its editor."""
        dialog = FigureRecords(self.services, figure, self)
        dialog.openRecord.connect(self.openRecord)
        dialog.open()
        return dialog

    # --- charts -----------------------------------------------------------------------

    def _fill_charts(self, report) -> None:
        while self.chart_grid.count():
            widget = self.chart_grid.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        months = [f"{m:02d}" for m in range(1, 13)]
        out = report.figures["outbound.by_month"].value
        inn = report.figures["inbound.by_month"].value
        countries = list(report.figures["outbound.by_country"].value.items())[:10]
        f = report.figures
        charts = [
            (_("Đoàn ra, đoàn vào theo tháng"), [str(int(m)) for m in months],
             [(_("Đoàn ra"), [out.get(m, 0) for m in months]), (_("Đoàn vào"), [inn.get(m, 0) for m in months])]),
            (_("Đoàn ra theo nước đến (10 nước nhiều nhất)"), [key_name("outbound.by_country", k) for k, _n in countries],
             [(_("Số đoàn"), [n for _k, n in countries])]),
            (_("Viện trợ cam kết và giải ngân (triệu đồng)"), [_("Cam kết"), _("Giải ngân")],
             [(_("Triệu đồng"), [f["aid.committed_vnd"].value // 1_000_000, f["aid.disbursed_vnd"].value // 1_000_000])]),
            (_("Kế hoạch và thực hiện (số hoạt động)"), [_("Kế hoạch"), _("Đã thực hiện")],
             [(_("Số hoạt động"), [f["plan.planned"].value, f["plan.done"].value])]),
        ]
        for i, (title, categories, series) in enumerate(charts):
            self.chart_grid.addWidget(_chart_view(title, categories, series), i // 2, i % 2)

    # --- saving -----------------------------------------------------------------------

    # --- numbered through the outgoing-document register -------------------------------

    def _show_number(self, document, editable: bool) -> None:
        self.document = document
        signed = document is not None and document.status == "signed"
        self.number_label.setText(_("Số {symbol}, ký ngày {day}").format(
            symbol=document.symbol, day=format_date(document.issued_on)) if signed else
            _("Chưa ký, chưa có số") if editable else "")
        self.sign_button.setVisible(editable)
        self.sign_button.setEnabled(editable and not signed)

    def sign(self):
        """Mark the report signed: it takes the next number of the outgoing-document register."""
        from desktop.ui.printing.sign_dialog import SignDialog

        if self.report is None:
            return None
        year, unit = self._params
        summary = _("Báo cáo kết quả công tác đối ngoại năm {year}").format(year=year)
        self.sign_dialog = SignDialog(summary, self.services.ctx.today(), self.services.printing.settings().signer_name,
                                      lambda day, signer: self.services.reports.sign(year, day, signer, unit), self)
        self.sign_dialog.accepted.connect(self.build_report)
        self.sign_dialog.open()
        return self.sign_dialog

    def save(self, kind: str) -> None:
        """Ask where, then write the report as `kind` (whole or not at all)."""
        if self.report is None:
            return
        folder = Path(self.services.device.get_setting(LAST_FOLDER, str(Path.home())))
        name = _("Bao cao doi ngoai nam {year}").format(year=self.report.year) + f".{kind}"
        chosen, _filter = QFileDialog.getSaveFileName(self, _("Lưu báo cáo"), str(folder / name), _(FILE_KINDS[kind]))
        if chosen:
            self.save_to(kind, Path(chosen))

    def save_to(self, kind: str, path: Path) -> None:
        """Write the report as `kind` to `path` in the background."""
        target = path if path.suffix.lower() == f".{kind}" else path.with_name(path.name + f".{kind}")
        self._target = (kind, target)
        self.status.setText(_("Đang lưu…"))
        self.writer.start()

    def _write(self) -> Path:
        kind, target = self._target
        return self.services.reports.write(self.report, kind, target, self._shown_texts)

    def _written(self, path) -> None:
        self.services.device.put_setting(LAST_FOLDER, str(Path(path).parent))
        self.status.setText(_("Đã lưu: {path}").format(path=path))


def _chart_view(title: str, categories: list[str], series: list[tuple[str, list[int]]]) -> QChartView:
    """A bar chart; long names (countries) lie as horizontal bars, so every name is read whole."""
    horizontal = len(categories) > 5 and max((len(c) for c in categories), default=0) > 3
    chart = QChart()
    chart.setTitle(title)
    bars = QHorizontalBarSeries() if horizontal else QBarSeries()
    for name, values in series:
        bar_set = QBarSet(name)
        bar_set.append([float(v) for v in (reversed(values) if horizontal else values)])
        bars.append(bar_set)
    bars.setLabelsVisible(True)
    chart.addSeries(bars)
    axis_x = QBarCategoryAxis()
    axis_x.append(list(reversed(categories)) if horizontal else (categories or [""]))  # the most at the top
    axis_y = QValueAxis()
    top = max((v for _name, values in series for v in values), default=0)
    if top <= 10:  # small counts: one tick per whole number
        axis_y.setRange(0, top + 1)
        axis_y.setTickCount(top + 2)
    else:
        axis_y.setRange(0, top * 1.1)
        axis_y.applyNiceNumbers()
    axis_y.setLabelFormat("%d")
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft)
    bars.attachAxis(axis_x)
    bars.attachAxis(axis_y)
    chart.legend().setVisible(len(series) > 1)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumSize(300, 200)
    return view


class FigureRecords(QDialog):
    """The records behind one figure: register, title, date, unit; Enter opens one."""

    openRecord = Signal(str, str)

    def __init__(self, services, figure: Figure, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_(figure.label))
        self.lines = services.reports.records(figure.refs)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("{label}: {value} — {n} bản ghi").format(
            label=_(figure.label), value=value_text(figure), n=len(self.lines))))
        self.table = QTableWidget(len(self.lines), 4)
        self.table.setHorizontalHeaderLabels([_("Sổ"), _("Nội dung"), _("Ngày"), _("Đơn vị")])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        for row, line in enumerate(self.lines):
            cells = (_(REGISTER_NAMES.get(line.entity, line.entity)), line.title,
                     format_date(line.on) if line.on else "", line.unit_code)
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.resizeColumnToContents(0)
        self.table.itemActivated.connect(lambda item: self._open(item.row()))
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Đóng"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(900, 480)
        if self.lines:
            self.table.selectRow(0)

    def _open(self, row: int) -> None:
        line = self.lines[row]
        self.openRecord.emit(line.open_entity, line.open_id)
        self.accept()

