"""Đoàn ra / Đoàn vào: the list page and the editor of delegations."""

from desktop.ui.delegations.editor import DelegationEditor
from desktop.ui.delegations.page import DelegationPage

__all__ = ["DelegationEditor", "DelegationPage"]
