"""Tệp đính kèm of an aid project: the approval decision, the project document, the aid agreement,
progress reports — stored by SHA-256 like every attachment, listed on the project at once."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from desktop.domain.aid_rules import ATTACHMENT_KINDS
from desktop.i18n import _
from desktop.ui.delegations.attachments import AttachmentsSection
from desktop.ui.widgets import errors as dialogs


class AidAttachments(AttachmentsSection):
    """The delegation's attachment table, with the aid kinds and the aid service behind it.

    `delegation_id` of the base holds the project's id (None until it is saved).
    """

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(services, parent)
        self.notice.setText(_("Lưu chương trình, dự án trước khi đính kèm tệp."))
        self.kind.clear()
        for value, label in ATTACHMENT_KINDS.items():
            self.kind.addItem(_(label), value)

    def load(self, project_id: str | None, entries: list) -> None:
        """Show the files of a project (None: not saved yet, so nothing can be attached)."""
        super().load(project_id, entries)
        for row, entry in enumerate(self._entries):
            self.table.item(row, 1).setText(self.kind_label(entry.get("kind")))

    def attach(self, paths: list[Path], kind: str) -> None:
        """Store files and list them on the project."""
        for path in paths:
            self._call(self.services.aid.add_attachment, self.delegation_id, path, kind)

    def remove_selected(self) -> None:
        """Take the selected file off the project."""
        entry = self._selected()
        if entry is not None and dialogs.confirm(
                self, _("Gỡ tệp đính kèm"), _("Gỡ tệp “{name}” khỏi dự án?").format(name=entry.get("name", ""))):
            self._call(self.services.aid.remove_attachment, self.delegation_id, entry["sha256"])

    def kind_label(self, kind: str | None) -> str:
        """The Vietnamese name of an attachment kind."""
        return _(ATTACHMENT_KINDS.get(kind or "other", ATTACHMENT_KINDS["other"]))
