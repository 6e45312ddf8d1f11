"""The registers' names as officers read them, for what sync reports (CLI and GUI alike)."""

from __future__ import annotations

from desktop.domain.messages import N_, tr

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
    "report_text": N_("Nội dung báo cáo năm"),
    "inspection": N_("Thanh tra, kiểm tra"),
    "inspection_recommendation": N_("Kiến nghị sau thanh tra, kiểm tra"),
    "reminder": N_("Đôn đốc"),
    "international_agreement": N_("Thỏa thuận quốc tế"),
    "fa_budget": N_("Kinh phí đối ngoại"),
    "budget_addition": N_("Bổ sung kinh phí"),
    "actual_cost": N_("Kinh phí thực chi"),
    "rule_setting": N_("Cài đặt quy tắc"),
}


def entity_label(entity: str) -> str:
    """The register's Vietnamese name, or the entity's own code when it is one this version does not know."""
    label = ENTITY_LABELS.get(entity)
    return tr(label) if label else entity
