"""Trợ giúp › Hướng dẫn sử dụng (F1): the guide beside the work — contents, search without
diacritics, links between pages, Back; F1 opens the page of the screen in front."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop import help as guide
from desktop.i18n import _, current_language
from desktop.ui.widgets.screen import fit_to_screen
from desktop.ui.widgets.search_box import SearchBox

KEY = Qt.ItemDataRole.UserRole


class HelpWindow(QDialog):
    """A non-modal window with the guide; `show_page(key)` brings a page to the front."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Hướng dẫn sử dụng — Sổ Đối ngoại"))
        self.setModal(False)
        self.pages = {page.key: page for page in guide.pages(current_language())}
        self.history: list[str] = []
        self.current: str | None = None
        self.search = SearchBox(delay_ms=150)
        self.search.setPlaceholderText(_("Tìm trong hướng dẫn (không cần dấu)… Ctrl+F"))
        self.search.searchChanged.connect(self.find)
        self.contents = QListWidget()
        self.contents.setAccessibleName(_("Mục lục"))
        self.contents.itemActivated.connect(lambda item: self.show_page(item.data(KEY)))
        self.contents.itemClicked.connect(lambda item: self.show_page(item.data(KEY)))
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._link)
        self.back_button = QPushButton(_("← Quay lại"))
        self.back_button.setEnabled(False)
        self.back_button.clicked.connect(self.back)
        self.found = QLabel()
        self._layout()
        self._list_contents()
        QShortcut(QKeySequence.StandardKey.Find, self).activated.connect(self.search.setFocus)
        QShortcut(QKeySequence.StandardKey.Back, self).activated.connect(self.back)
        fit_to_screen(self, 1000, 680)

    def _layout(self) -> None:
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.search)
        column.addWidget(self.found)
        column.addWidget(self.contents, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.browser)
        splitter.setSizes([280, 720])
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        close = QPushButton(_("Đóng"))
        close.setAutoDefault(False)
        close.clicked.connect(self.close)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

    def _list_contents(self, keys: list[str] | None = None, excerpts: dict[str, str] | None = None) -> None:
        self.contents.clear()
        for key in keys if keys is not None else list(self.pages):
            item = QListWidgetItem(self.pages[key].title)
            item.setData(KEY, key)
            if excerpts and excerpts.get(key):
                item.setToolTip(excerpts[key])
            self.contents.addItem(item)

    # --- showing ------------------------------------------------------------------------

    def show_page(self, key: str | None, remember: bool = True) -> None:
        """Show page `key` (the first page when there is none of that name)."""
        key = key if key in self.pages else guide.ORDER[0]
        if remember and self.current and self.current != key:
            self.history.append(self.current)
        self.current = key
        self.browser.setMarkdown(self.pages[key].text)
        self.back_button.setEnabled(bool(self.history))
        for row in range(self.contents.count()):
            if self.contents.item(row).data(KEY) == key:
                self.contents.setCurrentRow(row)
        self._highlight()

    def back(self) -> None:
        """The page shown before this one."""
        if self.history:
            self.show_page(self.history.pop(), remember=False)

    def _link(self, url: QUrl) -> None:
        if url.scheme() == "page":
            self.show_page(url.path() or url.toString().split(":", 1)[1])

    # --- search -------------------------------------------------------------------------

    def find(self, text: str) -> list[str]:
        """List the pages holding every typed word; the first opens with the word selected."""
        if not text.strip():
            self.found.clear()
            self._list_contents()
            return list(self.pages)
        hits = guide.search(list(self.pages.values()), text)
        keys = [hit.page.key for hit in hits]
        self._list_contents(keys, {hit.page.key: hit.excerpt for hit in hits})
        self.found.setText(_("{n} trang có «{text}»").format(n=len(keys), text=text.strip()) if keys
                           else _("Không trang nào có «{text}»").format(text=text.strip()))
        if keys:
            self.show_page(keys[0])
        return keys

    def _highlight(self) -> None:
        """Select the first place the search is found on the page (the phrase, else its first word),
        with the diacritics the page writes."""
        words = self.search.text().split()
        if not words:
            return
        from desktop.domain.text import fold

        plain = self.browser.toPlainText()
        wanted = fold(" ".join(words)) if fold(" ".join(words)) in fold(plain) else fold(words[0])
        folded = fold(plain)
        at = folded.find(wanted)
        if at < 0 or len(folded) != len(plain):
            return
        cursor = self.browser.textCursor()
        cursor.setPosition(at)
        cursor.setPosition(at + len(wanted), cursor.MoveMode.KeepAnchor)
        self.browser.setTextCursor(cursor)
        self.browser.ensureCursorVisible()
