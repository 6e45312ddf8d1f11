"""What every register's editor dialog does alike: save with the problems shown beside their fields,
the result banner, and a question before unsaved edits are dropped."""

from __future__ import annotations

from typing import Any

from desktop.errors import AppError, ValidationError
from desktop.i18n import _
from desktop.ui.widgets import errors as dialogs
from desktop.ui.widgets import unsaved
from desktop.ui.widgets.text_limits import limit_text

LIVE_DELAY_MS = 300  # the pause after typing before the editor checks what was typed
BANNER_STYLES = {
    "error": "background: #fdecea; color: #8e1b1b; border: 1px solid #e57373;",
    "ok": "background: #e8f5e9; color: #1b5e20; border: 1px solid #81c784;",
    "warning": "background: #fff8e1; color: #6d4c00; border: 1px solid #ffb300;",
}


class EditorBasics:
    """Mixed in before QDialog by any editor with a `banner` (a QLabel), `_snapshot` and `_state()` (what is
    typed, comparable): the result banner, "is anything unsaved?", and a question before unsaved edits go."""

    def _state(self) -> Any:
        """What is typed now, as compared with `_snapshot`."""
        raise NotImplementedError

    def is_dirty(self) -> bool:
        """True when something was typed since the last load or save."""
        return self._state() != self._snapshot

    def _banner(self, kind: str, text: str) -> None:
        self.banner.setStyleSheet(f"QLabel {{ {BANNER_STYLES[kind]} padding: 6px; }}")
        self.banner.setText(text)
        self.banner.setAccessibleName(text)
        self.banner.show()

    def forget_changes(self) -> None:
        """What is typed now counts as saved: closing asks nothing (after Lưu or Không lưu)."""
        self._snapshot = self._state()

    def reject(self) -> None:
        """Esc, Đóng or the window's close button: Lưu / Không lưu / Hủy before unsaved edits go."""
        if not unsaved.may_close(self):
            return
        self.forget_changes()
        super().reject()


class RecordEditorMixin(EditorBasics):
    """Mixed in before QDialog by an editor that has `banner` (a QLabel), `saved` (Signal(str)),
    `_snapshot`, `content()`, `local_problems()`, `refresh_live(every_local=...)`,
    `_show_problems(problems, local)` and `_load(detail)`, and says how it stores (`_store`) and which
    field slots, on which tab, hold problems (`_slot_groups`)."""

    def _store(self) -> Any:
        """Send what is typed to the service; return the saved detail."""
        raise NotImplementedError

    def _slot_groups(self) -> list[tuple[int | None, dict]]:
        """(tab index or None, slots by field) in the order the officer reads them."""
        raise NotImplementedError

    def _limit_text(self, entity: str, *slot_dicts: dict) -> None:
        """Each text field holds no more than its register's column (one source: the model)."""
        editors = {key: slot.editor for slots in slot_dicts for key, slot in slots.items()}
        limit_text(editors, self.services.records.text_limits(entity))

    def _state(self) -> Any:
        return self.content(), self.local_problems()

    def save(self) -> bool:
        """Save what is typed; on failure explain beside the fields and keep everything."""
        self._show_all = True
        self.refresh_live(every_local=True)
        local = self.local_problems()
        if local:
            return self._refuse(list(local.values()))
        try:
            detail = self._store()
        except ValidationError as exc:
            self._show_problems(exc.problems, local)
            return self._refuse([p.message for p in exc.problems])
        except AppError as exc:
            return self._store_failed(exc)
        return self._saved(detail, "ok", _("Đã lưu — phiên bản {v}.").format(v=detail.version))

    def _saved(self, detail: Any, kind: str, message: str) -> bool:
        """Show the stored record and say how the save went."""
        self._load(detail)
        self._banner(kind, message)
        self.saved.emit(detail.id)
        return True

    def _store_failed(self, exc: AppError) -> bool:
        dialogs.show_error(self, exc)
        return False

    def _refuse(self, messages: list[str]) -> bool:
        """Name every problem marked red (a bad date and a missing title both), focus the first."""
        marked = [slot.problem.text() for _tab, slots in self._slot_groups() for slot in slots.values()
                  if not slot.problem.isHidden()]
        self._banner("error", dialogs.refusal([*marked, *messages]))
        self._focus_first_problem()
        return False

    def _focus_first_problem(self) -> None:
        for tab, slots in self._slot_groups():
            for slot in slots.values():
                if not slot.problem.isHidden():
                    if tab is not None:
                        self.tabs.setCurrentIndex(tab)
                    slot.editor.setFocus()
                    return

