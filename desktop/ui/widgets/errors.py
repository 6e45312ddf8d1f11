"""Messages to the user: errors and yes/no questions, in Vietnamese.

PySide6 ships no Vietnamese Qt catalog, so button labels are set here.
Tests patch `show_error` and `confirm` to answer without a modal loop.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.errors import ValidationError
from desktop.i18n import _, ngettext

MESSAGE_WIDTH = 90  # characters a line of a message box holds before it wraps (no box wider than a screen)
MESSAGE_LINES = 30


def readable(text: str) -> str:
    """`text` wrapped so no message box grows wider than the screen, and cut so none grows taller:
    a long title (or a word with no space in it) is broken over lines instead of widening the box."""
    import textwrap

    lines: list[str] = []
    for line in (text or "").split("\n"):
        lines.extend(textwrap.wrap(line, MESSAGE_WIDTH, break_long_words=True, break_on_hyphens=False) or [""])
    if len(lines) > MESSAGE_LINES:
        lines = [*lines[: MESSAGE_LINES - 1], "…"]
    return "\n".join(lines)


REFUSAL_SHOWN = 5  # problems a refusal banner lists before it counts the rest


def refusal(messages: list[str]) -> str:
    """Why a save was refused: how many problems, the first ones (in the order of the form),
    and how many more — never only the first of three."""
    unique = list(dict.fromkeys(m for m in messages if m))
    n = len(unique)
    head = ngettext("Chưa lưu: có {n} chỗ cần sửa (đánh dấu đỏ):", "Chưa lưu: có {n} chỗ cần sửa (đánh dấu đỏ):",
                    n).format(n=n) if n else _("Chưa lưu: hãy sửa những chỗ đánh dấu đỏ.")
    lines = [head, *(f"• {m}" for m in unique[:REFUSAL_SHOWN])]
    if n > REFUSAL_SHOWN:
        rest = n - REFUSAL_SHOWN
        lines.append(ngettext("… và {n} chỗ khác.", "… và {n} chỗ khác.", rest).format(n=rest))
    return "\n".join(lines)


def error_text(error: BaseException) -> str:
    """What the user reads about `error`: every problem of a ValidationError on its own line."""
    if isinstance(error, ValidationError) and error.problems:
        return "\n".join(f"• {p.message}" for p in error.problems)
    return str(error) or error.__class__.__name__


def show_error(parent: QWidget | None, error: BaseException | str) -> None:
    """A modal "Không thực hiện được" box with the error's message."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Không thực hiện được"))
    if isinstance(error, ValidationError):
        box.setText(_("Dữ liệu chưa hợp lệ:"))
        box.setInformativeText(readable(error_text(error)))
    else:
        box.setText(readable(error if isinstance(error, str) else error_text(error)))
    ok = box.addButton(_("Đóng"), QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(ok)
    box.exec()


_showing_unexpected = False


def show_unexpected(parent: QWidget | None, error: BaseException, log_path) -> None:
    """The box for a bug: what happened, that the program goes on, and where the details are."""
    global _showing_unexpected
    if _showing_unexpected:  # an error inside the box's own loop must not open a second one
        return
    _showing_unexpected = True
    try:
        show_error(parent, _("Lỗi không mong đợi: {error}\n\nChương trình vẫn chạy, nhưng việc vừa làm có thể "
                             "chưa xong: hãy kiểm tra lại. Chi tiết đã ghi vào nhật ký {path} — gửi tệp này "
                             "cho bộ phận hỗ trợ.").format(error=f"{type(error).__name__}: {error}", path=log_path))
    finally:
        _showing_unexpected = False


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    """A modal information box with one "Đóng" button."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(title)
    box.setText(readable(text))
    box.addButton(_("Đóng"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    """Ask a yes/no question; True when the user chose "Đồng ý"."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(readable(text))
    yes = box.addButton(_("Đồng ý"), QMessageBox.ButtonRole.AcceptRole)
    no = box.addButton(_("Hủy"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes


SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


def ask_unsaved(parent: QWidget | None, titles: list[str]) -> str:
    """Ask what to do with windows holding unsaved edits: SAVE, DISCARD or CANCEL (Esc).

    One question for every such window (quitting asks once, not once a window); the titles are elided,
    so a long delegation title never makes the box wider than the screen."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_("Lưu các thay đổi?"))
    shown = [elide(t, 70) for t in titles[:8]]
    if len(titles) == 1:
        box.setText(_("Cửa sổ “{title}” có thay đổi chưa lưu. Lưu trước khi đóng?").format(title=shown[0]))
    else:
        more = len(titles) - len(shown)
        lines = "\n".join(f"• {t}" for t in shown) + ("\n" + _("… và {n} cửa sổ khác").format(n=more) if more else "")
        box.setText(_("{n} cửa sổ có thay đổi chưa lưu. Lưu tất cả trước khi đóng?").format(n=len(titles)))
        box.setInformativeText(lines)
    save = box.addButton(_("Lưu"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(_("Không lưu"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(_("Hủy"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    return {save: SAVE, discard: DISCARD}.get(box.clickedButton(), CANCEL)


def elide(text: str, width: int) -> str:
    """`text` cut to `width` characters with "…" (titles in questions and messages)."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
