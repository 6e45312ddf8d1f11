"""Demo data: a believable register in which every rule of the program fires at least once.

`fill_demo` writes, relative to `services.ctx.today()`:

- the *showcase*: the local unit's officers (Kinh, Ê Đê, M'nông and Jrai names),
  their discipline records and hand-written delegations, each chosen to show
  one rule (a late request, a member under reprimand, two key leaders on one
  trip, a missing post-trip report …). It goes through the same service calls
  as the editors, status step by status step, so validation, the workflow and
  the change log all apply; each request is filed with its dossier complete
  (demo_dossier.py) and its documents numbered in the outgoing-document register;
- the *background*: officers and delegations of several units over five
  years, generated from a seed and written in bulk (demo_bulk.py).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from desktop.errors import AppError
from desktop.i18n import _
from desktop.models import Delegation, DelegationMember, DisciplineRecord, Person
from desktop.services.demo_bulk import write_background
from desktop.services.demo_data import (
    FA_POSITION,
    GUEST_NAMES,
    GUEST_TITLES,
    email_for,
    guest_passport,
    phone_for,
    vn_passport,
)
from desktop.services.demo_dossier import file_dossiers
from desktop.services.demo_plan import fill_plans

DEMO_UNIT = "DL-BMT"
DEMO_OFFICER = "Cán bộ mẫu"
SIGNER_NAME = "Trần Đức Hải"  # the showcase unit's chair (PEOPLE below)
AUTHORITY = "UBND tỉnh Đắk Lắk"
STEPS = {
    "draft": (), "submitted": ("submitted",), "approved": ("submitted", "approved"),
    "completed": ("submitted", "approved", "completed"), "rejected": ("submitted", "rejected"),
    "cancelled": ("cancelled",),
}
OVERRIDE_REASON = ("Đồng chí là cán bộ duy nhất thông thạo tiếng Lào; Ban Thường vụ Thành ủy "
                   "đồng ý cử đi tại Công văn số 125-CV/TU.")

Trip = tuple[dict, list, str]  # delegation data, members, the status to walk it to

# key, full name, gender, birth year, position, key leader, FA officer, passport valid (days; None: none)
PEOPLE = (
    ("hai", "Trần Đức Hải", "male", 1972, "Chủ tịch UBND", True, False, 1500),
    ("hen", "H'Hen Niê", "female", 1980, "Phó Chủ tịch UBND", True, False, 1200),
    ("thong", "Y Thông Ktla", "male", 1976, "Chánh Văn phòng HĐND và UBND", False, False, 1800),
    ("nhung", "Nguyễn Thị Hồng Nhung", "female", 1990, FA_POSITION, False, True, 150),
    ("thanh", "Lê Văn Thành", "male", 1979, "Phó Chánh Văn phòng HĐND và UBND", False, False, 2000),
    ("son", "Y Sơn Byă", "male", 1983, "Trưởng phòng Kinh tế", False, False, 1400),
    ("ha", "Phạm Thị Thu Hà", "female", 1986, "Phó Trưởng phòng Tài chính – Kế hoạch", False, False, None),
    ("linh", "H'Linh Mlô", "female", 1984, "Trưởng phòng Văn hóa và Thông tin", False, False, 2500),
    ("loi", "Điểu K'Lơi", "male", 1991, "Chuyên viên phòng Nông nghiệp", False, False, 2200),
    ("mai", "Siu H'Mai", "female", 1993, "Chuyên viên phòng Kinh tế", False, False, 2600),
)
FESTIVAL_GUESTS = (
    ("Kim Min-jun", "Trưởng đoàn nghệ nhân", "head"),
    ("Lee Seo-yeon", "Nghệ nhân múa dân gian", "member"),
    ("Park Ji-hoon", "Nghệ nhân trống Samul nori", "member"),
    ("Choi Eun-ji", "Nghệ nhân hát Pansori", "member"),
    ("Jung Hae-won", "Phiên dịch viên", "interpreter"),
)


@dataclass(frozen=True)
class DemoSummary:
    """What `fill_demo` left in the database (counts of live records)."""

    unit_code: str
    units: int
    persons: int
    discipline_records: int
    delegations: int
    outbound: int
    inbound: int
    members: int
    first_year: int | None
    last_year: int | None
    seconds: float


def fill_demo(services: Any, delegations: int = 60, seed: int = 2026) -> DemoSummary:
    """Fill an empty register with demo data (the showcase, then generated delegations).

    Sets the device up for DL-BMT first if needed. `delegations` is the total
    wanted; the showcase is always written whole, so the total is at least its
    size. The same `seed` writes the same people and trips (ids are random).
    """
    started = time.perf_counter()
    if not services.device.is_set_up():
        services.device.set_up(DEMO_UNIT, DEMO_OFFICER)
    refuse_filled(services)
    rng = random.Random(seed)
    written = Showcase(services, rng).write()
    _signer(services)
    _other_registers(services, rng)
    write_background(services, rng, max(0, delegations - written))
    fill_plans(services, rng)  # the plans link the trips, conferences and promotions above
    _budget(services, rng)  # last: what the trips and conferences above cost
    _analyze(services)
    return summarize(services, time.perf_counter() - started)


def _other_registers(services: Any, rng: random.Random) -> None:
    """The registers beyond delegations, each with records that make its rules fire."""
    from desktop.services.demo_agreements import fill_agreements
    from desktop.services.demo_aid import fill_aid
    from desktop.services.demo_conferences import fill_conferences
    from desktop.services.demo_inspections import fill_inspections
    from desktop.services.demo_ngos import fill_ngos
    from desktop.services.demo_overseas import fill_overseas
    from desktop.services.demo_promotions import fill_promotions

    fill_conferences(services, rng)
    fill_ngos(services, rng)
    fill_aid(services, rng)  # after the NGOs: its donors come from them
    fill_promotions(services, rng)
    fill_overseas(services, rng)
    fill_inspections(services)  # what the province's acks brought: an inspection, reminders
    fill_agreements(services)  # after the trips: the twin city's lists them


def _budget(services: Any, rng: random.Random) -> None:
    from desktop.services.demo_budget import fill_budget

    fill_budget(services, rng)


def _signer(services: Any) -> None:
    """The showcase's chair signs, so demo requests print ready to sign."""
    current = services.printing.settings()
    if not current.signer_name:
        services.printing.save_settings(replace(current, signer_name=SIGNER_NAME))


def _analyze(services: Any) -> None:
    """Fresh planner statistics after a bulk load.

    Without them SQLite counts each list row's members through the index on
    `deleted` instead of the one on `delegation_id`: 50 times slower at 2,000 delegations.
    """
    with services.ctx.db.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")


def refuse_filled(services: Any) -> None:
    with services.ctx.db.read() as s:
        if s.scalar(select(Delegation.id).limit(1)) is not None:
            raise AppError(_("Cơ sở dữ liệu {path} đã có dữ liệu đoàn ra, đoàn vào; dữ liệu mẫu chỉ "
                             "được nạp vào cơ sở dữ liệu trống. Hãy chọn tệp khác bằng --db.")
                           .format(path=services.ctx.db.path or services.ctx.db.url))


def summarize(services: Any, seconds: float = 0.0) -> DemoSummary:
    """Counts of live records, by register."""
    with services.ctx.db.read() as s:
        def count(model, *where):
            """Live records of `model` matching `where`."""
            return s.scalar(select(func.count()).select_from(model).where(model.deleted.is_(False), *where))

        years = s.execute(select(func.min(Delegation.start_date), func.max(Delegation.start_date))
                          .where(Delegation.deleted.is_(False))).one()
        units = s.scalar(select(func.count(func.distinct(Delegation.unit_code))))
        return DemoSummary(
            unit_code=services.ctx.local_unit(), units=units or 0, persons=count(Person),
            discipline_records=count(DisciplineRecord), delegations=count(Delegation),
            outbound=count(Delegation, Delegation.direction == "outbound"),
            inbound=count(Delegation, Delegation.direction == "inbound"),
            members=count(DelegationMember), first_year=years[0].year if years[0] else None,
            last_year=years[1].year if years[1] else None, seconds=seconds,
        )


class Showcase:
    """The local unit's hand-written officers and trips, written through the services."""

    def __init__(self, services: Any, rng: random.Random):
        self.services = services
        self.rng = rng
        self.today: date = services.ctx.today()
        self.calendar = services.rules.calendar()
        self.config = services.rules.config()
        self.people: dict[str, str] = {}
        self.decisions = 100

    def write(self) -> int:
        """Write everything; returns how many delegations it made."""
        self._write_people()
        self._write_discipline()
        self._write_training()
        trips = self._upcoming() + self._recent() + self._last_year() + self._history()
        drafts = [(self._write_draft(data, members), data, status) for data, members, status in trips]
        file_dossiers(self.services, [(trip_id, data) for trip_id, data, status in drafts
                                      if "submitted" in STEPS[status]])
        for delegation_id, data, status in drafts:
            self._walk(delegation_id, data, status)
        return len(trips)

    # --- officers -----------------------------------------------------------------------

    def _write_people(self) -> None:
        for serial, (key, name, gender, born, position, leader, fa, valid) in enumerate(PEOPLE, 1):
            data = {
                "full_name": name, "gender": gender, "position": position,
                "birth_date": date(born, self.rng.randrange(1, 13), self.rng.randrange(1, 29)),
                "grade": "Chuyên viên chính" if leader else "Chuyên viên",
                "phone": phone_for(self.rng), "email": email_for(name, serial),
                "is_key_leader": leader, "is_fa_officer": fa,
                "passport_number": vn_passport(self.rng) if valid else None,
                "passport_expiry": self.today + timedelta(days=valid) if valid else None,
            }
            self.people[key] = self.services.persons.save(data).id

    def _write_discipline(self) -> None:
        t = self.today
        records = (
            ("thong", "reprimand", "45/QĐ-UBND", t - timedelta(days=62), t - timedelta(days=60), None),
            ("thanh", "under_consideration", None, None, t - timedelta(days=20), None),
            ("linh", "warning", "112/QĐ-UBND", date(2023, 2, 27), date(2023, 3, 1), None),
            ("loi", "reprimand", "08/QĐ-UBND", date(2022, 5, 9), date(2022, 5, 10), date(2023, 5, 9)),
        )
        for key, form, number, decided, start, until in records:
            self.services.persons.save_discipline(self.people[key], {
                "form": form, "decision_number": number, "decision_date": decided,
                "effective_from": start, "effective_until": until})

    def _write_training(self) -> None:
        """Courses of last year and this one (the yearly report counts the officers trained)."""
        y = self.today.year
        courses = (
            ("ha", "Bồi dưỡng kiến thức, kỹ năng công tác đối ngoại", "Học viện Ngoại giao", date(y - 1, 10, 12)),
            ("thong", "Bồi dưỡng kiến thức, kỹ năng công tác đối ngoại", "Học viện Ngoại giao", date(y - 1, 10, 12)),
            ("ha", "Lễ tân và nghi thức đối ngoại", "Sở Ngoại vụ tỉnh Đắk Lắk", date(y, 5, 18)),
            ("nhung", "Tiếng Anh giao tiếp trong công tác đối ngoại", "Trường Đại học Tây Nguyên", date(y, 3, 2)),
        )
        for key, course, organiser, start in courses:
            if key in self.people:
                self.services.persons.save_training(self.people[key], {
                    "course": course, "organiser": organiser, "start_date": start,
                    "end_date": start + timedelta(days=4)})

    # --- delegations ----------------------------------------------------------------------

    def _upcoming(self) -> list[Trip]:
        """Trips still ahead: R4 blocking and overridden, R6, R9, R1/R2 late and reminders."""
        wd = self._working_day
        return [
            self._out("promotion", "KR", "Hiệp hội Cà phê Hàn Quốc",
                      "Đoàn xúc tiến tiêu thụ cà phê Buôn Ma Thuột tại Hàn Quốc", wd(45), 6, "draft",
                      [("hai", "head"), ("thong", "member"), ("nhung", "interpreter")]),
            self._out("official_visit", "KR", "Tỉnh Gyeongsangbuk-do",
                      "Đoàn lãnh đạo thành phố thăm và làm việc tại tỉnh Gyeongsangbuk-do", wd(40), 5,
                      "submitted", [("hai", "head"), ("hen", "deputy_head"), ("mai", "member")],
                      submitted_on=self.today - timedelta(days=2)),
            self._out("working_trip", "LA", "Tỉnh Champasak",
                      "Đoàn công tác trao đổi kinh nghiệm quản lý biên giới với tỉnh Champasak",
                      wd(30), 4, "submitted", [("thanh", "head"), ("loi", "member")],
                      submitted_on=self.today, override_reason=OVERRIDE_REASON),
            self._out("promotion", "TH", "Bộ Thương mại Thái Lan",
                      "Đoàn tham gia Hội chợ sản phẩm OCOP (sầu riêng, hồ tiêu) tại Bangkok", wd(12), 4,
                      "draft", [("ha", "head"), ("mai", "member")], in_annual_plan=False),
            self._out("working_trip", "CN", "Hội chợ Trung Quốc – ASEAN (Nam Ninh)",
                      "Đoàn khảo sát thị trường xuất khẩu sầu riêng tại Trung Quốc", wd(14), 5,
                      "submitted", [("son", "head"), ("loi", "member")],
                      submitted_on=self.today - timedelta(days=1)),
            self._out("training", "JP", "Cơ quan Hợp tác quốc tế Nhật Bản (JICA)",
                      "Đoàn cán bộ tham dự khóa bồi dưỡng nông nghiệp công nghệ cao tại Nhật Bản",
                      wd(24), 10, "draft", [("linh", "head"), ("loi", "member")]),
            self._in("working_trip", "KR", "Tổ chức Good Neighbors International",
                     "Đón đoàn Tổ chức Good Neighbors International khảo sát dự án nước sạch tại "
                     "xã Hòa Phú", wd(3), 2, "draft", in_annual_plan=False),
            self._in("official_visit", "LA", "Tỉnh Champasak",
                     "Đón đoàn lãnh đạo tỉnh Champasak (Lào) thăm và làm việc tại thành phố", wd(9), 3,
                     "draft"),
            self._in("training", "JP", "Cơ quan Hợp tác quốc tế Nhật Bản (JICA)",
                     "Đón chuyên gia JICA tập huấn kỹ thuật tưới tiết kiệm nước cho cà phê", wd(30), 5,
                     "approved"),
        ]

    def _recent(self) -> list[Trip]:
        """Trips just over: a report overdue (R8), one due soon, one received."""
        t = self.today
        return [
            self._out("training", "JP", "Cơ quan Hợp tác quốc tế Nhật Bản (JICA)",
                      "Đoàn tham dự khóa đào tạo quản lý nông nghiệp bền vững tại Nhật Bản",
                      t - timedelta(days=66), 7, "completed", [("nhung", "head"), ("mai", "member")]),
            self._out("conference", "LA", "Tỉnh Attapeu",
                      "Đoàn tham dự Hội nghị xúc tiến đầu tư các tỉnh Tam giác phát triển tại Lào",
                      t - timedelta(days=8), 4, "approved", [("hen", "head"), ("loi", "member")]),
            self._out("promotion", "US", "Hiệp hội Cà phê đặc sản Hoa Kỳ (SCA)",
                      "Đoàn quảng bá cà phê đặc sản Buôn Ma Thuột tại Hoa Kỳ",
                      t - timedelta(days=120), 6, "rejected", [("son", "head")]),
            self._out("promotion", "FR", "Hội chợ Nông nghiệp quốc tế Paris",
                      "Đoàn tham gia Hội chợ Nông nghiệp quốc tế Paris", t + timedelta(days=200), 8,
                      "cancelled", [("hai", "head"), ("nhung", "interpreter")], in_annual_plan=False),
        ]

    def _last_year(self) -> list[Trip]:
        """Y Sơn Byă's three trips of last year: R5 (more than two a year)."""
        year = self.today.year - 1
        trips = (
            ("working_trip", "LA", "Tỉnh Attapeu", "Đoàn làm việc với tỉnh Attapeu về giao thương",
             date(year, 3, 10)),
            ("working_trip", "KH", "Tỉnh Mondulkiri",
             "Đoàn trao đổi hợp tác phát triển vùng biên giới với tỉnh Mondulkiri", date(year, 6, 16)),
            ("promotion", "TH", "Bộ Thương mại Thái Lan",
             "Đoàn giới thiệu sản phẩm hồ tiêu, hạt điều tại Hội chợ THAIFEX", date(year, 9, 22)),
        )
        return [self._out(kind, country, partner, title, start, 4, "completed",
                          [("son", "head"), ("mai", "member")], report=True)
                for kind, country, partner, title, start in trips]

    def _history(self) -> list[Trip]:
        """The Korean folk artists at the 8th Buôn Ma Thuột Coffee Festival (March 2023), an NGO."""
        festival = self._in(
            "promotion", "KR", "Đoàn nghệ thuật dân gian Andong",
            "Đón đoàn nghệ nhân dân gian Hàn Quốc biểu diễn tại Lễ hội đường phố, Lễ hội Cà phê "
            "Buôn Ma Thuột lần thứ 8", date(2023, 3, 9), 6, "completed",
            guests=[(name, title, role, "Đoàn nghệ thuật dân gian Andong")
                    for name, title, role in FESTIVAL_GUESTS])
        festival[0]["purpose"] = ("Biểu diễn nghệ thuật dân gian Hàn Quốc tại Lễ hội đường phố, "
                                  "quảng bá hình ảnh Lễ hội Cà phê Buôn Ma Thuột lần thứ 8")
        ngo = self._in("working_trip", "US", "Tổ chức Tầm nhìn Thế giới (World Vision)",
                       "Đón đoàn Tổ chức Tầm nhìn Thế giới (World Vision) đánh giá Chương trình phát "
                       "triển vùng Ea Kao", self.today - timedelta(days=300), 3, "completed")
        return [festival, ngo]

    # --- builders -------------------------------------------------------------------------

    def _out(self, kind, country, partner, title, start, days, status, who, **extra):
        members = [{"person_id": self.people[key], "role": role} for key, role in who]
        report = extra.pop("report", False)
        data = self._base("outbound", kind, country, partner, title, start, days, status, **extra)
        if report:
            data["report_received_on"] = data["end_date"] + timedelta(days=10)
        return data, members, status

    def _in(self, kind, country, partner, title, start, days, status, guests=None, **extra):
        guests = guests or self._guests(country, partner)
        members = [{"guest_name": name, "guest_title": title_, "role": role,
                    "guest_organisation": org, "guest_nationality": country,
                    "guest_passport": guest_passport(self.rng, country)}
                   for name, title_, role, org in guests]
        data = self._base("inbound", kind, country, partner, title, start, days, status, **extra)
        return data, members, status

    def _guests(self, country: str, partner: str) -> list[tuple[str, str, str, str]]:
        names = GUEST_NAMES.get(country, GUEST_NAMES["US"])[:3]
        return [(name, GUEST_TITLES[i], "head" if i == 0 else "member", partner)
                for i, name in enumerate(names)]

    def _base(self, direction, kind, country, partner, title, start, days, status, **extra) -> dict:
        data = {
            "direction": direction, "kind": kind, "title": title, "countries": [country],
            "partner": partner, "start_date": start, "end_date": start + timedelta(days=days - 1),
            "purpose": f"Tăng cường hợp tác với {partner}.", "in_annual_plan": True,
            "funding": "state_budget" if direction == "outbound" else "partner",
            "cost_estimate_vnd": self.rng.randrange(120, 900) * 1_000_000 if direction == "outbound" else None,
        }
        if status not in ("draft", "cancelled"):
            data["submitted_on"] = self._on_time(data)
        if status in ("approved", "completed", "rejected"):
            self.decisions += self.rng.randrange(3, 40)
            data.update(decision_number=f"{self.decisions}/QĐ-UBND", decision_authority=AUTHORITY,
                        decision_date=min(data["submitted_on"] + timedelta(days=10), start, self.today))
        data.update(extra)
        return data

    def _on_time(self, data: dict) -> date:
        code = "R1" if data["direction"] == "outbound" else "R2"
        lead = int(self.config.param(code, "lead_working_days"))
        return min(self.calendar.subtract_working_days(data["start_date"], lead + 3), self.today)

    def _working_day(self, n: int) -> date:
        return self.calendar.add_working_days(self.today, n)

    def _write_draft(self, data: dict, members: list[dict]) -> str:
        """Save a trip as a draft (its dossier is filed before it is submitted); returns its id."""
        return self.services.delegations.save({**data, "status": "draft", "override_reason": None}, members).id

    def _walk(self, delegation_id: str, data: dict, status: str) -> None:
        """Take a saved draft step by step to `status`, with its override reason on submission."""
        reason = data.get("override_reason")
        for step in STEPS[status]:
            self.services.delegations.set_status(delegation_id, step,
                                                 override_reason=reason if step == "submitted" else None)
