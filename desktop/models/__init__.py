"""SQLAlchemy models, one module per register. Importing this registers every table."""

from desktop.models.access import Account, AuditEntry, AuditHead
from desktop.models.agreement import InternationalAgreement
from desktop.models.aid import AidDisbursement, AidProject
from desktop.models.base import Base, Synced
from desktop.models.budget import ActualCost, BudgetAddition, FaBudget
from desktop.models.conference import Conference
from desktop.models.delegation import Delegation, DelegationMember
from desktop.models.device import ChangeLog, Device
from desktop.models.document import DocumentCounter, DossierMark, OutgoingDocument
from desktop.models.inspection import Inspection, InspectionRecommendation, Reminder
from desktop.models.ngo import ForeignNgo, NgoCertificate, NgoContact, NgoReport
from desktop.models.overseas import OverseasActivity, OverseasContact
from desktop.models.person import DisciplineRecord, Person, TrainingRecord
from desktop.models.plan import AnnualPlan, PlannedActivity
from desktop.models.promotion import FollowUpAction, PromotionActivity
from desktop.models.report import ReportText
from desktop.models.settings import AppSetting, CalendarDay, RuleSetting
from desktop.models.sync import (
    HeldBundle,
    ImportedBundle,
    ImportProgress,
    ImportResult,
    PeerDevice,
    SentBundle,
    SyncConflict,
    SyncState,
)
from desktop.models.unit import Unit

SYNCED_MODELS: dict[str, type[Synced]] = {
    m.__entity__: m
    for m in (Unit, Person, DisciplineRecord, TrainingRecord, Delegation, DelegationMember, OutgoingDocument,
              DossierMark, Conference, ForeignNgo, NgoCertificate, NgoContact, NgoReport,
              PromotionActivity, FollowUpAction, AidProject, AidDisbursement, OverseasContact,
              OverseasActivity, AnnualPlan, PlannedActivity, ReportText, Inspection,
              InspectionRecommendation, Reminder, InternationalAgreement, FaBudget, BudgetAddition,
              ActualCost)
}

__all__ = [
    "Base", "Synced", "SYNCED_MODELS", "Unit", "Person", "DisciplineRecord", "TrainingRecord",
    "Delegation", "DelegationMember", "Device", "ChangeLog", "AppSetting", "RuleSetting",
    "CalendarDay", "OutgoingDocument", "DossierMark", "DocumentCounter", "Conference", "ForeignNgo",
    "NgoCertificate", "NgoContact", "NgoReport", "PromotionActivity", "FollowUpAction", "AidProject",
    "AidDisbursement", "OverseasContact", "OverseasActivity", "AnnualPlan", "PlannedActivity", "ReportText",
    "Inspection", "InspectionRecommendation", "Reminder", "InternationalAgreement",
    "FaBudget", "BudgetAddition", "ActualCost",
    "SyncState", "SentBundle", "PeerDevice", "ImportProgress", "HeldBundle", "SyncConflict", "ImportResult",
    "ImportedBundle", "Account", "AuditEntry", "AuditHead",
]
