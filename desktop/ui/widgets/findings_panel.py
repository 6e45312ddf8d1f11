"""The rule findings of one record, coloured by severity, each with its legal source."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QStyle, QVBoxLayout, QWidget

from desktop.domain.rules import Finding
from desktop.i18n import N_, _


@dataclass(frozen=True)
class SeverityLook:
    """How one severity is drawn: its word, colours and standard icon."""

    label: str
    text: str
    border: str
    background: str
    icon: QStyle.StandardPixmap


SEVERITIES = {
    "blocking": SeverityLook(N_("Chặn"), "#b71c1c", "#c62828", "#fdecea",
                             QStyle.StandardPixmap.SP_MessageBoxCritical),
    "overdue": SeverityLook(N_("Quá hạn"), "#6d0f0f", "#7f0000", "#f6e0e0",
                            QStyle.StandardPixmap.SP_MessageBoxCritical),
    "warning": SeverityLook(N_("Cảnh báo"), "#7a4f00", "#f9a825", "#fff6e0",
                            QStyle.StandardPixmap.SP_MessageBoxWarning),
    "reminder": SeverityLook(N_("Nhắc việc"), "#0d47a1", "#1976d2", "#e8f0fe",
                             QStyle.StandardPixmap.SP_MessageBoxInformation),
}
ORDER = ["blocking", "overdue", "warning", "reminder"]


def source_line(finding: Finding) -> str:
    """'R4 · <legal source>': which rule found it and on what authority."""
    return f"{finding.rule} · {finding.source}" if finding.source else finding.rule


class FindingLine(QFrame):
    """One finding: coloured bar, icon, severity word, message, rule and source."""

    def __init__(self, finding: Finding, parent: QWidget | None = None):
        super().__init__(parent)
        self.finding = finding
        look = SEVERITIES.get(finding.severity, SEVERITIES["warning"])
        self.setObjectName("findingLine")
        self.setStyleSheet(
            f"#findingLine {{ background: {look.background}; border-left: 4px solid {look.border};"
            " border-radius: 2px; }")
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(look.icon).pixmap(18, 18))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text = QLabel(self._html(look))
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 6, 8, 6)
        row.addWidget(icon)
        row.addWidget(self.text, 1)
        self.setAccessibleName(self.plain_text())

    def plain_text(self) -> str:
        """What a screen reader says: severity, message, rule and source."""
        look = SEVERITIES.get(self.finding.severity, SEVERITIES["warning"])
        return f"{_(look.label)}: {self.finding.message} ({source_line(self.finding)})"

    def _html(self, look: SeverityLook) -> str:
        return (f"<b style='color:{look.text}'>{escape(_(look.label))}:</b> "
                f"{escape(self.finding.message)}<br>"
                f"<span style='color:#555'>{escape(source_line(self.finding))}</span>")


class FindingsPanel(QWidget):
    """A scrolling list of findings, worst first; "Không có cảnh báo." when there are none."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._findings: list[Finding] = []
        self._body = QWidget()
        self._lines = QVBoxLayout(self._body)
        self._lines.setContentsMargins(0, 0, 0, 0)
        self._lines.setSpacing(6)
        self.empty = QLabel(_("Không có cảnh báo."))
        self.empty.setStyleSheet("color: #2e7d32;")
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self._body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.setAccessibleName(_("Cảnh báo theo quy định"))
        self.set_findings([])

    def set_findings(self, findings: list[Finding]) -> None:
        """Show `findings`, blocking first, then overdue, warnings and reminders."""
        rank = {s: i for i, s in enumerate(ORDER)}
        self._findings = sorted(findings, key=lambda f: (rank.get(f.severity, len(ORDER)), f.rule))
        while self._lines.count():
            widget = self._lines.takeAt(0).widget()
            if widget is not None and widget is not self.empty:
                widget.hide()  # gone now, not only when the deferred delete runs
                widget.deleteLater()
        for finding in self._findings:
            self._lines.addWidget(FindingLine(finding, self._body))
        self._lines.addWidget(self.empty)
        self.empty.setVisible(not self._findings)
        self._lines.addStretch(1)
        self.setAccessibleDescription(self.text())

    def findings(self) -> list[Finding]:
        """The findings shown, in display order."""
        return list(self._findings)

    def has_blocking(self) -> bool:
        """True when a finding blocks the action (R4 before submission)."""
        return any(f.severity == "blocking" for f in self._findings)

    def lines(self) -> list[FindingLine]:
        """The finding widgets shown."""
        return [w for i in range(self._lines.count())
                if isinstance(w := self._lines.itemAt(i).widget(), FindingLine)]

    def text(self) -> str:
        """All findings as plain text, one per line (accessibility, tests, copying)."""
        return "\n".join(line.plain_text() for line in self.lines()) or self.empty.text()
