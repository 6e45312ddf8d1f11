"""Picking countries by their Vietnamese names, typed without diacritics ("han" → Hàn Quốc)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.collation import sort_key
from desktop.domain.text import fold
from desktop.i18n import _, country_choices, country_name


def rank_matches(query: str, choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Choices whose folded name contains the folded query: name starts first, then word starts."""
    q = fold(query)
    if not q:
        return list(choices)
    ranked = []
    for code, name in choices:
        folded = fold(name)
        if q in folded or q == code.lower():
            starts = 0 if folded.startswith(q) or q == code.lower() else 1 if f" {q}" in folded else 2
            ranked.append((starts, sort_key(name), code, name))
    return [(code, name) for _s, _k, code, name in sorted(ranked)]


class CountryPicker(QWidget):
    """Several countries: a search line, a checkable list and the chosen names."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._choices = country_choices()
        self._chosen: list[str] = []
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Gõ tên nước (không cần dấu), Enter để chọn…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Tìm quốc gia"))
        self.list = QListWidget()
        self.list.setMinimumHeight(110)
        self.list.setMaximumHeight(130)
        self.list.setAccessibleName(_("Danh sách quốc gia"))
        self.chosen_label = QLabel()
        self.chosen_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        for widget in (self.chosen_label, self.search, self.list):
            layout.addWidget(widget)
        self.search.textChanged.connect(self._fill)
        self.search.installEventFilter(self)
        self.list.itemChanged.connect(self._item_changed)
        self.list.itemActivated.connect(self._toggle)
        self._fill()

    def codes(self) -> list[str]:
        """ISO 3166 codes chosen, in the order they were picked."""
        return list(self._chosen)

    def set_codes(self, codes: list[str]) -> None:
        """Choose exactly `codes`."""
        self._chosen = list(dict.fromkeys(codes or []))
        self._fill()

    def visible_names(self) -> list[str]:
        """Names listed now (after the search)."""
        return [self.list.item(i).text() for i in range(self.list.count())]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        """Enter in the search line picks the best match; Down moves into the list."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.pick_first()
                return True
            if key == Qt.Key.Key_Down and self.list.count():
                self.list.setFocus()
                self.list.setCurrentRow(0)
                return True
        return super().eventFilter(watched, event)

    def pick_first(self) -> None:
        """Choose the best match of the search text, then clear the search."""
        if self.search.text().strip() and self.list.count():
            code = self.list.item(0).data(Qt.ItemDataRole.UserRole)
            if code not in self._chosen:
                self._set_chosen(code, True)
            self.search.clear()

    def _fill(self) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        matches = rank_matches(self.search.text(), self._choices)
        if not self.search.text().strip():  # chosen ones on top when not searching
            matches.sort(key=lambda m: m[0] not in self._chosen)
        for code, name in matches:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if code in self._chosen else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        if self.search.text().strip() and self.list.count():
            self.list.setCurrentRow(0)  # what Enter will pick
        self.list.blockSignals(False)
        self._show_chosen()

    def _item_changed(self, item: QListWidgetItem) -> None:
        self._set_chosen(item.data(Qt.ItemDataRole.UserRole), item.checkState() == Qt.CheckState.Checked)

    def _toggle(self, item: QListWidgetItem) -> None:
        code = item.data(Qt.ItemDataRole.UserRole)
        self._set_chosen(code, code not in self._chosen)

    def _set_chosen(self, code: str, on: bool) -> None:
        if on and code not in self._chosen:
            self._chosen.append(code)
        elif not on and code in self._chosen:
            self._chosen.remove(code)
        else:
            return
        self._fill()
        self.changed.emit()

    def _show_chosen(self) -> None:
        names = ", ".join(country_name(c) for c in self._chosen)
        self.chosen_label.setText(_("Đã chọn: {names}").format(names=names) if names else _("Chưa chọn nước nào."))


class CountryCombo(QComboBox):
    """One country (a guest's nationality): type part of the name without diacritics, pick it."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._choices = country_choices()
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItem("", None)
        for code, name in self._choices:
            self.addItem(name, code)
        self.lineEdit().setPlaceholderText(_("Gõ tên nước…"))
        self._names = QStringListModel(self)
        completer = QCompleter(self._names, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        self.lineEdit().textEdited.connect(self._typed)
        self.lineEdit().editingFinished.connect(self._settle)
        self.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def code(self) -> str | None:
        """The chosen country's code; None when empty or the text names no country."""
        index = self.findText(self.currentText(), Qt.MatchFlag.MatchExactly)
        return self.itemData(index) if index > 0 else None

    def error(self) -> str | None:
        """A message when the text names no country."""
        text = self.currentText().strip()
        if text and self.code() is None:
            return _("Không có nước nào tên “{text}”; hãy chọn trong danh sách.").format(text=text)
        return None

    def set_code(self, code: str | None) -> None:
        """Show the country with `code` (empty for None)."""
        self.setCurrentIndex(max(self.findData(code), 0) if code else 0)

    def _typed(self, text: str) -> None:
        matches = rank_matches(text, self._choices)
        self._names.setStringList([name for _c, name in matches[:30]])
        self.changed.emit()

    def _settle(self) -> None:
        """On leaving the field, "han quoc" typed in full becomes Hàn Quốc."""
        text = fold(self.currentText())
        exact = [code for code, name in self._choices if fold(name) == text]
        if text and len(exact) == 1 and self.code() != exact[0]:
            self.setCurrentIndex(self.findData(exact[0]))
