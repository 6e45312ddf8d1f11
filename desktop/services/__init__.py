"""Use cases. Each service owns its sessions and returns plain data; no Qt here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

from desktop.config import Paths
from desktop.domain.facts import Finding
from desktop.errors import RegisterLocked
from desktop.i18n import _
from desktop.services.attachments import AttachmentService
from desktop.services.context import ServiceContext
from desktop.services.dashboard import DashboardService
from desktop.services.delegations import DelegationService
from desktop.services.device import DeviceService
from desktop.services.documents import DocumentService
from desktop.services.dossier import DossierService
from desktop.services.findings import FindingService
from desktop.services.persons import PersonService
from desktop.services.records import RecordService
from desktop.services.rules import RuleService
from desktop.services.units import UnitService
from desktop.storage.database import Database

if TYPE_CHECKING:
    from desktop.services.accounts import AccountService
    from desktop.services.agreements import AgreementService
    from desktop.services.aid import AidService
    from desktop.services.audit import AuditService
    from desktop.services.backups import BackupService
    from desktop.services.budget import BudgetService
    from desktop.services.conferences import ConferenceService
    from desktop.services.imports import ImportService
    from desktop.services.inspections import InspectionService
    from desktop.services.monitoring import MonitoringService
    from desktop.services.ngos import NgoService
    from desktop.services.overseas import OverseasService
    from desktop.services.plan import PlanService
    from desktop.services.printing import PrintService
    from desktop.services.promotions import PromotionService
    from desktop.services.province import ProvinceService
    from desktop.services.reports import ReportService
    from desktop.services.search import SearchService
    from desktop.services.spreadsheets import SpreadsheetService
    from desktop.services.sync import SyncService


SEALED = "files_sealed"  # a flag of the key file: the data folder's files were sealed at the conversion


@dataclass
class Services:
    """Every service, wired on one database. Built by `open_services` (app, CLI, tests)."""

    ctx: ServiceContext
    device: DeviceService
    units: UnitService
    rules: RuleService
    findings: FindingService
    persons: PersonService
    delegations: DelegationService
    attachments: AttachmentService
    dashboard: DashboardService
    records: RecordService
    documents: DocumentService
    dossier: DossierService

    @cached_property
    def accounts(self) -> AccountService:
        """Accounts, logins and the idle lock (argon2 loads on first use)."""
        from desktop.services.accounts import AccountService

        return AccountService(self.ctx, self.device)

    @cached_property
    def backups(self) -> BackupService:
        """Sao lưu: backups made now or once a day, verified, listed, kept by a retention rule."""
        from desktop.services.backups import BackupService

        return BackupService(self.ctx, self.device)

    @cached_property
    def audit(self) -> AuditService:
        """The audit trail: per record, for the whole register, its chain verified."""
        from desktop.services.audit import AuditService

        return AuditService(self.ctx)

    @cached_property
    def printing(self) -> PrintService:
        """Made on first use: reportlab and the fonts load when someone prints, not at start-up."""
        from desktop.services.printing import PrintService

        return PrintService(self.ctx, self.device, self.documents)

    @cached_property
    def spreadsheets(self) -> SpreadsheetService:
        """Excel export of any register (openpyxl loads on first use)."""
        from desktop.services.spreadsheets import SpreadsheetService

        return SpreadsheetService(self.ctx)

    @cached_property
    def imports(self) -> ImportService:
        """Excel in: mapping, preview, then one transaction."""
        from desktop.services.imports import ImportService

        return ImportService(self.ctx)

    @cached_property
    def search(self) -> SearchService:
        """Search everywhere (Ctrl+K)."""
        from desktop.services.search import SearchService

        return SearchService(self.ctx)

    @cached_property
    def conferences(self) -> ConferenceService:
        """International conferences and seminars (rule R3)."""
        from desktop.services.conferences import ConferenceService

        return ConferenceService(self.ctx, self.rules)

    @cached_property
    def ngos(self) -> NgoService:
        """Foreign NGOs, certificates, contacts and annual reports (rules R10–R12)."""
        from desktop.services.ngos import NgoService

        return NgoService(self.ctx, self.rules)

    @cached_property
    def overseas(self) -> OverseasService:
        """Overseas Vietnamese: contacts and associations, their activities, open protection cases."""
        from desktop.services.overseas import OverseasService

        return OverseasService(self.ctx)

    @cached_property
    def aid(self) -> AidService:
        """Aid programmes and projects not ODA, their disbursements (rule R13)."""
        from desktop.services.aid import AidService

        return AidService(self.ctx, self.rules)

    @cached_property
    def plan(self) -> PlanService:
        """The annual foreign-affairs plan: planned activities, links, plan-versus-actual (rule R16)."""
        from desktop.services.plan import PlanService

        return PlanService(self.ctx, self.rules)

    @cached_property
    def promotions(self) -> PromotionService:
        """Promotion activities and their follow-up actions (rule R14)."""
        from desktop.services.promotions import PromotionService

        return PromotionService(self.ctx, self.rules)

    @cached_property
    def agreements(self) -> AgreementService:
        """Relations with foreign localities and international agreements."""
        from desktop.services.agreements import AgreementService

        return AgreementService(self.ctx)

    @cached_property
    def budget(self) -> BudgetService:
        """Kinh phí đối ngoại: the year's budget of a unit, its additions, the activities' actual costs."""
        from desktop.services.budget import BudgetService

        return BudgetService(self.ctx)

    @cached_property
    def inspections(self) -> InspectionService:
        """The province's inspections, recommendations and reminders, and the unit's answers (rule R17)."""
        from desktop.services.inspections import InspectionService

        return InspectionService(self.ctx, self.rules)

    @cached_property
    def reports(self) -> ReportService:
        """The yearly report: figures for a year and a scope, and the files drawn from them."""
        from desktop.services.reports import ReportService

        return ReportService(self.ctx, self.findings, self.printing, self.documents)

    @cached_property
    def monitoring(self) -> MonitoringService:
        """Theo dõi đơn vị: the province's yearly scorecard of every unit."""
        from desktop.services.monitoring import MonitoringService

        return MonitoringService(self.ctx, self.reports, self.province)

    @cached_property
    def province(self) -> ProvinceService:
        """The province store: province mode, the unit filter, per-unit sync status."""
        from desktop.services.province import ProvinceService

        return ProvinceService(self.ctx)

    @cached_property
    def sync(self) -> SyncService:
        """Sync by bundles: export, import, acks, keys, conflicts (SYNC.md)."""
        from desktop.services.sync import SyncService

        return SyncService(self.ctx, self.device)

    def all_findings(self) -> list[Finding]:
        """Every finding of every register (what `doingoai findings` prints)."""
        config = self.rules.config()
        found = self.findings.all()
        found += self.units.staffing_findings(config, only=self.dashboard.own_unit())
        for register in self.registers():
            found += register.all_findings()
        return found

    def registers(self) -> list:
        """The services of the registers beyond delegations that have rules of their own."""
        return [self.conferences, self.ngos, self.promotions, self.aid, self.plan, self.inspections]

    def integrity_problem(self) -> str | None:
        """The whole-file integrity check: None when sound, else SQLite's findings."""
        return self.ctx.db.integrity_problem()

    def close(self) -> None:
        """Release the database."""
        self.ctx.db.dispose()

    def new_recovery_key(self) -> str:
        """A new recovery key for an encrypted register (the old one no longer opens it), to be shown once:
        when the paper was lost, or the one shown at the conversion never reached the safe."""
        from desktop.domain import access
        from desktop.errors import AppError
        from desktop.storage.keyring import Keyring, keys_path

        self.ctx.require(access.KEYS)
        db = self.ctx.db
        if db.key is None or db.path is None:
            raise AppError(_("Sổ này chưa mã hóa nên không có khóa khôi phục."))
        ring = Keyring.load(keys_path(db.path))
        recovery = ring.set_recovery(db.key)
        ring.save()
        self.ctx.audit("setting", details={"action": "new_recovery_key"})
        return recovery

    def _seal_files(self, key: bytes) -> None:
        """The data folder's personal files under the register's key: the plaintext backups (a few files,
        looked at every open), and — once, at the conversion, which the key file then records — the
        attachments, this device's signing key and the age identities (each in one rename; a conversion
        killed part-way is finished at the next open, and the scan of every record's attachments is not
        repeated at each start)."""
        from desktop.storage import encryption, sealed
        from desktop.storage.keyring import Keyring, keys_path
        from desktop.sync import crypto

        paths, keys = self.ctx.paths, keys_path(self.ctx.db.path)
        encryption.encrypt_backups(paths.backups, key, self.ctx.db.path.stem, keys)
        if Keyring.load(keys).flag(SEALED):
            return
        for sha in self._referenced_attachments():  # this register's: the data folder may serve others too
            sealed.seal_in_place(paths.attachments / sha, key, sealed.ATTACHMENTS)
        secrets = [crypto.identity_path(paths.keys, name) for name in (crypto.IDENTITY_FILE, crypto.DEVICE_IDENTITY_FILE)]
        if self.ctx.db.tracker is not None:
            secrets.append(self.device.key_path(self.ctx.db.tracker.device_id))
        for path in secrets:
            sealed.seal_in_place(path, key, sealed.SECRETS)
        ring = Keyring.load(keys)  # read again: the sealing may have taken a while
        ring.set_flag(SEALED, True)
        ring.save()

    def _referenced_attachments(self) -> set[str]:
        """The SHA-256 names of every file a record of this register lists."""
        from sqlalchemy import select

        from desktop.models import SYNCED_MODELS

        found: set[str] = set()
        with self.ctx.db.read() as s:
            for model in SYNCED_MODELS.values():
                if "attachments" in model.__table__.c:
                    for listed in s.scalars(select(model.__table__.c.attachments)):
                        found.update(e["sha256"] for e in listed or () if isinstance(e, dict)
                                     and isinstance(e.get("sha256"), str) and len(e["sha256"]) == 64)
        return found

    def is_encrypted(self) -> bool:
        """Whether the register is encrypted at rest (SQLCipher)."""
        return self.ctx.db.key is not None

    def can_encrypt(self) -> bool:
        """Whether `encrypt` applies: a plaintext SQLite register (a PostgreSQL store is the server's to
        protect)."""
        return self.ctx.db.is_sqlite and not self.is_encrypted()

    def register_file(self):
        """The register's file (None for a PostgreSQL store)."""
        return self.ctx.db.path

    def encrypt(self) -> str:
        """Encrypt a plaintext SQLite register in place (storage/encryption.py: safe against a kill at any
        point), wrapping its key for every enabled account and a new recovery key; the services go on on
        the encrypted register. Returns the recovery key, to be shown once."""
        from desktop.errors import AppError
        from desktop.storage import encryption
        from desktop.storage.keyring import Keyring, keys_path, new_key

        db = self.ctx.db
        if not self.can_encrypt():
            raise AppError(_("Sổ này đã được mã hóa, hoặc không phải tệp SQLite."))
        if not self.accounts.exist():
            raise AppError(_("Hãy tạo tài khoản Quản trị trước khi mã hóa sổ."))
        key, ring = new_key(), Keyring(keys_path(db.path))
        for user_name, password_hash, disabled in self.accounts.hashes():
            if not disabled:
                ring.wrap_for_hash(user_name, password_hash, key)
        recovery = ring.set_recovery(key)
        ring.set_flag("demo", self.accounts.is_demo())
        url, writable = db._url, db.writable
        db.dispose()
        encryption.convert(db.path, key, ring, self.ctx.paths.backups,
                           stamp_backup=lambda: db.backup(self.ctx.paths.backups, "before-encryption"))
        self.ctx.db = Database(url, backup_dir=self.ctx.paths.backups, full_check=False, writable=writable, key=key)
        self.device.activate()
        self._seal_files(key)
        self.ctx.audit("setting", details={"action": "encrypt"})
        return recovery


def build_services(db: Database, paths: Paths, today: Callable[[], date] = date.today) -> Services:
    """Wire the services on an open database and seed the unit list."""
    ctx = ServiceContext(db, paths, today)
    rules = RuleService(ctx)
    findings = FindingService(ctx, rules)
    attachments = AttachmentService(ctx)
    dossier = DossierService(ctx, rules)
    device, documents = DeviceService(ctx), DocumentService(ctx)
    services = Services(
        ctx=ctx, device=device, units=UnitService(ctx), rules=rules,
        findings=findings, persons=PersonService(ctx),
        delegations=DelegationService(ctx, findings, attachments, dossier), attachments=attachments,
        dashboard=DashboardService(ctx, findings), records=RecordService(ctx),
        documents=documents, dossier=dossier,
    )
    services.units.seed()
    services.device.activate()
    services.dashboard.sources.append(lambda: services.units.staffing_findings(
        services.rules.config(), only=services.dashboard.own_unit()))
    services.dashboard.sources.append(lambda: [f for r in services.registers() for f in r.due_items()])
    return services


@dataclass(frozen=True)
class Credentials:
    """Who opens the register: an account's user name and password, or the recovery key."""

    user_name: str = ""
    password: str | None = None
    recovery: str | None = None


def open_services(url: str, paths: Paths, today: Callable[[], date] = date.today,
                  full_check: bool = True, writable: bool = True, login: Credentials | None = None) -> Services:
    """Open (check, back up, migrate) the database at `url` and wire the services.

    `full_check=False` leaves the whole-file integrity check to the caller (the GUI
    runs it in the background so start-up does not grow with the database);
    `writable=False` opens for reading while another program may be writing.
    `login`: log in as this account (an encrypted register opens only so: RegisterLocked without it,
    LoginRefused for a wrong password or recovery key).
    """
    from desktop.config import sqlite_path

    key = digest = None
    path = sqlite_path(url)
    if path is not None and path.exists():
        from desktop.storage import encryption

        if encryption.settle_state(path):  # encrypted (a conversion cut short is finished or undone first)
            from desktop.services.accounts import unwrap_key

            if login is None:
                raise RegisterLocked(_("Sổ {path} đã được mã hóa: hãy đăng nhập để mở.").format(path=path))
            key, digest = unwrap_key(path, login)
    if login is not None and login.recovery and key is None:
        from desktop.errors import LoginRefused

        raise LoginRefused(_("Khóa khôi phục chỉ mở một sổ đã mã hóa; sổ này chưa mã hóa: hãy đăng nhập bằng tài "
                             "khoản của sổ."))
    db = Database(url, backup_dir=paths.backups, full_check=full_check, writable=writable, key=key)
    _private_data(paths, db)
    services = build_services(db, paths, today)
    if login is not None:
        try:
            services.accounts.open_as(login, digest)
        except BaseException:
            services.close()
            raise
    if key is not None:
        services._seal_files(key)  # what a conversion killed part-way left unsealed
    return services


def _private_data(paths: Paths, db: Database) -> None:
    """Personal data stays the user's: owner-only files and folders, and the decrypted leftovers of an
    import killed mid-way removed (desktop/storage/files.py)."""
    from desktop.storage import files

    files.secure_tree(paths.root)
    files.secure_database(db.path)
    files.sweep_work_dirs(paths.tmp)
