"""Unsaved edits are never lost without a question: one protocol for every editor window.

An editor shows it keeps edits by having `is_dirty()`, `save() -> bool` and `forget_changes()` (what is
typed becomes what counts as saved, so closing asks nothing). Closing one editor (Esc, Đóng, its close
button) asks Lưu / Không lưu / Hủy; quitting — Ctrl+Q, the main window's close button, the end of the
OS session — asks once for every open editor with changes, and Hủy leaves every window as it was.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget

from desktop.ui.widgets import errors


def holds_edits(widget: QWidget) -> bool:
    """Whether `widget` is an open editor window with unsaved edits."""
    return (widget.isVisible() and callable(getattr(widget, "is_dirty", None))
            and callable(getattr(widget, "forget_changes", None)) and widget.is_dirty())


def dirty_editors(owner: QWidget | None = None) -> list[QWidget]:
    """Every open editor window with unsaved edits (of `owner`'s, when given: opened from it)."""
    return [w for w in QApplication.topLevelWidgets() if holds_edits(w) and (owner is None or _opened_from(w, owner))]


def _opened_from(widget: QWidget, owner: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if parent is owner:
            return True
        parent = parent.parentWidget()
    return False


def may_close(editor: QWidget) -> bool:
    """For one editor about to close: True when it may (nothing unsaved, saved now, or dropped on purpose)."""
    if not editor.is_dirty():
        return True
    choice = errors.ask_unsaved(editor, [editor.windowTitle()])
    if choice == errors.CANCEL:
        return False
    if choice == errors.SAVE and not editor.save():
        return False  # the problems are shown beside the fields; the window stays
    editor.forget_changes()
    return True


def may_quit(parent: QWidget, editors: list[QWidget] | None = None) -> bool:
    """Before the program ends: one question for every editor with changes; True when it may end.

    Lưu saves each (an editor that cannot be saved stays open, in front, and the quit is cancelled);
    Không lưu drops every change; Hủy cancels the quit and leaves every window as it was."""
    editors = dirty_editors(parent) if editors is None else editors
    if not editors:
        return True
    choice = errors.ask_unsaved(parent, [e.windowTitle() for e in editors])
    if choice == errors.CANCEL:
        return False
    for editor in editors:
        if choice == errors.SAVE and editor.is_dirty() and not editor.save():
            editor.raise_()
            editor.activateWindow()
            return False
        editor.forget_changes()
    for editor in editors:
        if editor.isVisible():
            editor.close()
    return True
