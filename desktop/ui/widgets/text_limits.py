"""Text fields hold no more than their register can store: the limit comes from the model's column
(through `RecordService.text_limits`), the one source the record checks, the Excel import and the
bundle schema read too. A line edit refuses the extra characters as they are typed; a longer text
pasted into a multi-line field is refused on saving, beside the field."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QLineEdit, QWidget


def limit_text(widgets: Mapping[str, QWidget], limits: Mapping[str, int]) -> None:
    """Give each line edit of `widgets` — by field name — its field's maximum length. A drop-down, even
    one that can be typed in, shows a name for what it stores, so its text is checked on saving instead."""
    for name, widget in widgets.items():
        limit = limits.get(name)
        if limit is not None and isinstance(widget, QLineEdit):
            widget.setMaxLength(limit)
