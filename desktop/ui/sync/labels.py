"""Words for what sync shows: entities, outcomes, bundle kinds."""

from __future__ import annotations

from desktop.i18n import N_, _

ENTITY_LABELS = {
    "unit": N_("Đơn vị"),
    "person": N_("Cán bộ"),
    "discipline_record": N_("Kỷ luật"),
    "training_record": N_("Bồi dưỡng"),
    "delegation": N_("Đoàn ra, đoàn vào"),
    "delegation_member": N_("Thành viên đoàn"),
    "outgoing_document": N_("Văn bản đi"),
    "dossier_mark": N_("Hồ sơ kèm theo"),
    "conference": N_("Hội nghị, hội thảo"),
    "foreign_ngo": N_("Tổ chức PCP nước ngoài"),
    "ngo_certificate": N_("Giấy đăng ký PCP"),
    "ngo_contact": N_("Liên hệ PCP"),
    "ngo_report": N_("Báo cáo năm PCP"),
    "promotion_activity": N_("Hoạt động xúc tiến"),
    "follow_up_action": N_("Việc theo dõi"),
    "aid_project": N_("Viện trợ"),
    "aid_disbursement": N_("Giải ngân viện trợ"),
    "overseas_contact": N_("Người Việt Nam ở nước ngoài"),
    "overseas_activity": N_("Hoạt động với người Việt Nam ở nước ngoài"),
    "annual_plan": N_("Kế hoạch năm"),
    "planned_activity": N_("Hoạt động trong kế hoạch"),
    "rule_setting": N_("Cài đặt quy tắc"),
}

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


def entity_label(entity: str) -> str:
    """The register's Vietnamese name, or the entity's own code when it is one this version does not know."""
    label = ENTITY_LABELS.get(entity)
    return _(label) if label else entity


def outcome_label(outcome: str) -> str:
    """What happened to a bundle, in words."""
    label = OUTCOME_LABELS.get(outcome)
    return _(label) if label else outcome


def kind_label(kind: str) -> str:
    """Changes, full or ack."""
    label = KIND_LABELS.get(kind)
    return _(label) if label else kind
