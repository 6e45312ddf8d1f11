"""Words for what sync shows: entities, outcomes, bundle kinds."""

from __future__ import annotations

from desktop.i18n import N_, _
from desktop.sync.labels import ENTITY_LABELS, entity_label

__all__ = ["ENTITY_LABELS", "entity_label", "outcome_label", "kind_label", "COUNT_KEYS", "COUNT_LABELS"]

OUTCOME_LABELS = {
    "applied": N_("Đã áp dụng"),
    "dry_run": N_("Xem trước — chưa ghi"),
    "refused": N_("Bị từ chối — không ghi gì"),
    "held": N_("Đang chờ gói trước"),
    "replayed": N_("Đã nhận trước đây — không thay đổi gì"),
}

KIND_LABELS = {
    "changes": N_("Thay đổi"),
    "full": N_("Toàn bộ"),
    "ack": N_("Phản hồi"),
}

# the per-entity columns of an import report, in order
COUNT_KEYS = ("new", "updated", "unchanged", "deleted", "conflicts")
COUNT_LABELS = {
    "new": N_("Mới"),
    "updated": N_("Cập nhật"),
    "unchanged": N_("Không đổi"),
    "deleted": N_("Xóa"),
    "conflicts": N_("Xung đột"),
}


def outcome_label(outcome: str) -> str:
    """What happened to a bundle, in words."""
    label = OUTCOME_LABELS.get(outcome)
    return _(label) if label else outcome


def kind_label(kind: str) -> str:
    """Changes, full or ack."""
    label = KIND_LABELS.get(kind)
    return _(label) if label else kind
