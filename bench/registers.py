"""Benchmark of issue 4's performance targets, against a floor measured in the same run.

    .venv/bin/python bench/registers.py [--records 200000] [--runs 7] [--fresh]

With about `--records` records across the registers — the demo's delegations (a
fifth of them, about three members each, with their officers and the planned
activities of each unit's annual plan that they carry out) written by the demo's bulk
path, plus conferences, foreign NGOs with certificates, promotion activities with
follow-up actions, aid projects with disbursements, overseas contacts with their
activities, and each unit's annual plans with planned activities, added through the
models in one ORM session (so the change tracker gives each its version and
change-log row):

(a) the global search (Ctrl+K) first page for three diacritic-free queries, warm
    median, against a bare sqlite3 SELECT of 50 rows of the delegation table;
    target ≤ 100 ms;
(b) Tổng quan: services.dashboard.due() over every register; target ≤ 300 ms;
(c) importing a 10,000-row persons spreadsheet (written with openpyxl): open +
    preview + commit, into a copy of the 500-delegation database; target ≤ 10 s.

The big database is made once in bench/out/ and reused (--fresh makes it again).
Not a test: it prints a table and exits 0.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
for folder in (ROOT, BENCH):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import dataset  # noqa: E402
from listing import Timing  # noqa: E402

QUERIES = ("ca phe", "hen nie", "dak lak")
# the delegation list's own index (direction, deleted, start_date): the cheapest page SQLite can read
FLOOR_SQL = ("SELECT * FROM delegation WHERE direction = 'outbound' AND deleted = 0 "
             "ORDER BY start_date DESC LIMIT 50")
IMPORT_ROWS = 10_000
SMALL = 500
TARGET_SEARCH_MS = 100.0
TARGET_DASHBOARD_MS = 300.0
TARGET_IMPORT_S = 10.0
FLUSH_EVERY = 1000


def database_path(records: int) -> Path:
    return dataset.OUT / f"registers-{records}.sqlite3"


def shares(records: int) -> dict[str, int]:
    """How many of each register: delegations (×4 rows with members) and the other registers
    (aid projects ×4 with disbursements, overseas contacts ×3 with activities, planned
    activities not linked to any record, spread over each unit's plans of five years; the
    demo links most delegations to a planned activity already)."""
    return {"delegations": records // 5, "conferences": records // 40, "ngos": records // 100,
            "promotions": records // 40, "aid": records // 200, "overseas": records // 100,
            "planned": records // 200}


# the tables whose counts say the database is complete, by share
COMPLETE = {"delegation": "delegations", "conference": "conferences", "foreign_ngo": "ngos",
            "promotion_activity": "promotions", "aid_project": "aid", "overseas_contact": "overseas",
            "planned_activity": "planned"}


# --- the database -----------------------------------------------------------------------------


def ensure(records: int, fresh: bool) -> tuple[Path, float | None]:
    """The big database and, if it was made now, how long it took."""
    path = database_path(records)
    if not fresh and _complete(path, records):
        return path, None
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path, generate(path, records)


def _complete(path: Path, records: int) -> bool:
    if not path.exists():
        return False
    want = shares(records)
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            have = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COMPLETE}
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return all(have[t] >= want[share] for t, share in COMPLETE.items())


def generate(path: Path, records: int) -> float:
    """fill_demo's bulk path for the delegations, then the other registers in one session."""
    from desktop.config import Paths
    from desktop.services import open_services
    from desktop.services.demo import fill_demo

    dataset.OUT.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    services = open_services(f"sqlite:///{path}", Paths(dataset.HOME))
    try:
        want = shares(records)
        fill_demo(services, delegations=want["delegations"])
        _other_registers(services, want)
        with services.ctx.db.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    finally:
        services.close()
    return time.perf_counter() - started


def _other_registers(services, want: dict[str, int]) -> None:
    from desktop.domain.conference_rules import validate_conference
    from desktop.domain.ngo_rules import validate_certificate, validate_ngo
    from desktop.domain.promotion_rules import validate_activity, validate_follow_up
    from desktop.models import (
        Conference,
        FollowUpAction,
        ForeignNgo,
        NgoCertificate,
        PromotionActivity,
    )
    from desktop.models.base import new_id
    from desktop.services.demo_data import NGOS, PARTNERS, PRODUCTS, vietnamese_country
    from desktop.sync.records import apply_data

    rng = random.Random(4)
    today = services.ctx.today()
    config = services.rules.config()
    units = [u.code for u in services.units.list() if u.valid_to is None] or [services.ctx.local_unit()]
    first = date(today.year - 3, 1, 1)
    span = (date(today.year + 1, 12, 31) - first).days

    def day() -> date:
        return first + timedelta(days=rng.randrange(span))

    def conference(i: int) -> dict:
        partner, product, start = rng.choice(PARTNERS), rng.choice(PRODUCTS), day()
        past = start < today
        data = {"title": f"Hội thảo quốc tế về {product} tỉnh Đắk Lắk với {partner.name} ({i})",
                "purpose": f"Trao đổi kinh nghiệm về {partner.topic}.", "start_date": start,
                "end_date": start + timedelta(days=rng.randrange(0, 3)), "place": "Buôn Ma Thuột",
                "organiser": "Sở Ngoại vụ", "mode": rng.choice(("offline", "online", "hybrid")),
                "foreign_participants": rng.randrange(1, 80), "participant_countries": [partner.country],
                "ministerial_guests": False, "sensitive_topics": [], "funding": "state_budget",
                "foreign_sponsor": None, "cost_estimate_vnd": rng.randrange(50, 500) * 1_000_000,
                "in_annual_plan": rng.random() < 0.8, "status": "completed" if past else "draft",
                "attachments": []}
        if past:
            data.update(submitted_on=start - timedelta(days=30), decision_number=f"{i % 999 + 1}/QĐ-UBND",
                        decision_date=start - timedelta(days=15), decision_authority="UBND tỉnh Đắk Lắk",
                        report_received_on=min(today, start + timedelta(days=10)))
        return data

    def ngo(i: int) -> tuple[dict, list[dict]]:
        partner = rng.choice(NGOS)
        data = {"name_original": f"{partner.name} — chi nhánh {i}", "name_vi": f"{partner.name} {i}",
                "country": partner.country, "sectors": [rng.choice(("health", "education", "agriculture"))],
                "areas": ["Đắk Lắk"], "vn_counterpart": "Hội Liên hiệp Phụ nữ tỉnh Đắk Lắk",
                "address": "Buôn Ma Thuột, Đắk Lắk", "phone": None, "email": None, "attachments": []}
        issued = today - timedelta(days=rng.randrange(30, 1000))
        certs = [{"kind": "activity_registration", "number": f"{i}-{k}/GĐK", "issued_on": issued,
                  "expires_on": issued + timedelta(days=365 * 2 + k), "issuer": "Bộ Ngoại giao",
                  "plan_notified_on": None} for k in range(2)]
        return data, certs

    def promotion(i: int) -> tuple[dict, list[dict]]:
        partner, product, start = rng.choice(PARTNERS), rng.choice(PRODUCTS), day()
        abroad = rng.random() < 0.5
        data = {"kind": rng.choice(("investment", "trade", "tourism")),
                "title": f"Xúc tiến {product} Đắk Lắk tại {vietnamese_country(partner.country)} ({i})",
                "start_date": start, "end_date": start + timedelta(days=2), "place": partner.name,
                "abroad": abroad, "countries": [partner.country] if abroad else [], "partners": partner.name,
                "participants": "Sở Công Thương", "cost_vnd": rng.randrange(10, 300) * 1_000_000,
                "outcomes": f"Kết nối doanh nghiệp {product}", "mou_count": rng.randrange(0, 3),
                "lead_count": rng.randrange(0, 10), "in_annual_plan": True, "attachments": []}
        follow = []
        for k in range(2):
            due = start + timedelta(days=30 * (k + 1))
            done = due < today - timedelta(days=30) and rng.random() < 0.9
            follow.append({"action": f"Gửi mẫu {product} cho đối tác ({k + 1})", "owner": "Sở Công Thương",
                           "owner_person_id": None, "due_date": due, "status": "done" if done else "open",
                           "result": "Đã gửi" if done else None, "done_on": due if done else None})
        return data, follow

    with services.ctx.db.session() as session:
        def store(model, rows, validate) -> None:
            for start in range(0, len(rows), FLUSH_EVERY):
                for record_id, unit_code, data in rows[start:start + FLUSH_EVERY]:
                    problems = validate(data)
                    if problems:
                        raise ValueError(f"bench {model.__entity__} invalid: {problems}")
                    obj = model(id=record_id, unit_code=unit_code)
                    apply_data(obj, data)
                    session.add(obj)
                session.flush()
                session.expunge_all()

        store(Conference, [(new_id(), rng.choice(units), conference(i)) for i in range(want["conferences"])],
              validate_conference)
        ngos, certs = [], []
        for i in range(want["ngos"]):
            data, cs = ngo(i)
            ngos.append((new_id(), rng.choice(units), data))
            certs += [(new_id(), ngos[-1][1], {**c, "ngo_id": ngos[-1][0]}) for c in cs]
        store(ForeignNgo, ngos, validate_ngo)
        store(NgoCertificate, certs, lambda d: validate_certificate(d, config))
        acts, follows = [], []
        for i in range(want["promotions"]):
            data, fs = promotion(i)
            acts.append((new_id(), rng.choice(units), data))
            follows += [(new_id(), acts[-1][1], {**f, "activity_id": acts[-1][0]}) for f in fs]
        store(PromotionActivity, acts, validate_activity)
        store(FollowUpAction, follows, lambda d: validate_follow_up(d, today))
        _new_registers(store, rng, units, today, want)


def _new_registers(store, rng: random.Random, units: list[str], today: date, want: dict[str, int]) -> None:
    """Aid projects with disbursements, overseas contacts with activities, plans with planned activities."""
    from desktop.domain.aid_rules import validate_disbursement, validate_project
    from desktop.domain.overseas_rules import validate_activity as validate_overseas_activity
    from desktop.domain.overseas_rules import validate_contact
    from desktop.domain.plan_rules import validate_plan, validate_planned
    from desktop.models import (
        AidDisbursement,
        AidProject,
        AnnualPlan,
        OverseasActivity,
        OverseasContact,
        PlannedActivity,
    )
    from desktop.models.base import new_id
    from desktop.services.demo_data import NGOS, PARTNERS, PRODUCTS, vietnamese_name

    communes = ("xã Ea Kao", "phường Tân Lập", "xã Hòa Phú", "xã Krông Búk", "phường Ea Tam", "xã Cư Ê Wi")
    projects, disbursements = [], []
    for i in range(want["aid"]):
        donor, approved = rng.choice(NGOS), today - timedelta(days=rng.randrange(30, 1500))
        value = rng.randrange(200, 20_000) * 1_000_000
        data = {"title": f"Dự án {rng.choice(('nước sạch', 'dinh dưỡng trẻ em', 'sinh kế', 'trường học'))} "
                         f"tại {rng.choice(communes)} ({i})",
                "donor_name": donor.name, "form": "project", "aid_type": "technical_assistance",
                "sector": rng.choice(("health", "education", "agriculture")), "location": rng.choice(communes),
                "currency": "USD", "value_original": value // 25_000, "value_vnd": value, "counterpart_vnd": value // 10,
                "managing_agency": "UBND tỉnh Đắk Lắk", "aid_holder": "Sở Y tế",
                "approval_number": f"{i % 900 + 1}/QĐ-UBND", "approval_date": approved,
                "approval_authority": "Chủ tịch UBND tỉnh", "start_date": approved + timedelta(days=30),
                "end_date": approved + timedelta(days=30 + rng.randrange(180, 1100)),
                "status": "in_progress", "notes": None, "attachments": []}
        projects.append((new_id(), rng.choice(units), data))
        for k in range(3):
            start = approved + timedelta(days=60 + 90 * k)
            if start <= today:
                disbursements.append((new_id(), projects[-1][1], approved, {
                    "project_id": projects[-1][0], "period_start": start, "period_end": start + timedelta(days=89),
                    "amount_original": value // 25_000 // 5, "amount_vnd": value // 5, "notes": None}))
    store(AidProject, projects, lambda d: validate_project(d, today))
    store(AidDisbursement, [(i, u, d) for i, u, _a, d in disbursements],
          lambda d: validate_disbursement(d, d["period_start"] - timedelta(days=60), today))
    contacts, activities = [], []
    kinds = ("home_visit", "investment", "donation", "citizen_protection", "programme")
    for i in range(want["overseas"]):
        partner = rng.choice(PARTNERS)
        association = i % 10 == 0
        name = f"Hội người Việt Nam tại {partner.name} ({i})" if association else vietnamese_name(
            rng, rng.choice(("male", "female")))
        data = {"kind": "association" if association else "person", "name": name, "country": partner.country,
                "city": partner.name, "hometown": "Đắk Lắk", "occupation": rng.choice(("Kinh doanh", "Kỹ sư")),
                "association": None, "phone": None, "email": None, "notes": None}
        contacts.append((new_id(), rng.choice(units), data))
        for _k in range(2):
            day = today - timedelta(days=rng.randrange(0, 1500))
            kind = rng.choice(kinds)
            done = rng.random() < 0.8
            activities.append((new_id(), contacts[-1][1], {
                "contact_id": contacts[-1][0], "kind": kind,
                "title": f"{rng.choice(PRODUCTS).capitalize()}: làm việc với {name}", "date": day,
                "location": "Buôn Ma Thuột", "value_vnd": rng.randrange(0, 500) * 1_000_000,
                "status": "done" if done else "open", "closed_on": day + timedelta(days=10) if done else None,
                "result": "Đã giải quyết" if done else None, "notes": None}))
    store(OverseasContact, contacts, validate_contact)
    store(OverseasActivity, activities, validate_overseas_activity)
    years = range(today.year - 3, today.year + 2)
    plans = {(u, y): (new_id(), u, {"year": y, "title": f"Kế hoạch công tác đối ngoại năm {y} ({u})",
                                  "status": "approved", "approval_number": f"{y % 100}/KH-UBND",
                                  "approval_date": date(y - 1, 12, 20), "notes": None})
             for u in units for y in years}
    store(AnnualPlan, list(plans.values()), validate_plan)
    planned = []
    kinds = ("outbound", "inbound", "conference", "promotion", "training")
    for i in range(want["planned"]):
        unit, year = rng.choice(units), rng.choice(years)
        start = date(year, rng.randrange(1, 13), rng.randrange(1, 28))
        planned.append((new_id(), unit, {
            "plan_id": plans[(unit, year)][0], "kind": rng.choice(kinds),
            "title": f"Hoạt động {rng.choice(PRODUCTS)} năm {year} ({i})", "planned_from": start,
            "planned_to": start, "countries": [rng.choice(PARTNERS).country], "budget_vnd": 100_000_000,
            "owner": "Sở Ngoại vụ", "owner_person_id": None, "delegation_id": None, "conference_id": None,
            "promotion_id": None, "status": "planned", "notes": None, "_year": year}))
    store(PlannedActivity, [(i, u, {k: v for k, v in d.items() if k != "_year"}) for i, u, d in planned],
          lambda d: validate_planned(d, d["planned_from"].year))


def row_counts(path: Path) -> dict[str, int]:
    tables = ("person", "delegation", "delegation_member", "conference", "foreign_ngo", "ngo_certificate",
              "promotion_activity", "follow_up_action", "aid_project", "aid_disbursement", "overseas_contact",
              "overseas_activity", "annual_plan", "planned_activity", "change_log")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        out = {}
        for t in tables:
            try:
                out[t] = conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            except sqlite3.Error:
                out[t] = 0
        return out
    finally:
        conn.close()


# --- the measurements -------------------------------------------------------------------------


@dataclass(frozen=True)
class CpuTiming(Timing):
    """A Timing plus the median CPU time of this process over the warm runs: on a machine
    shared with other work the wall time grows with the load, the CPU time hardly."""

    cpu_ms: float = 0.0


def timed(call: Callable[[], object], runs: int) -> CpuTiming:
    """Time `call` once cold and `runs` more times (wall clock and this process's CPU)."""
    walls, cpus, result = [], [], None
    for _ in range(runs + 1):
        started, cpu = time.perf_counter(), time.process_time()
        result = call()
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return CpuTiming(walls[0], statistics.median(walls[1:]), str(result), statistics.median(cpus[1:]))


def load_average() -> str:
    try:
        return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return ""


def measure(db: Path, runs: int) -> dict[str, Timing]:
    from desktop.config import Paths
    from desktop.services import open_services

    services = open_services(f"sqlite:///{db}", Paths(dataset.HOME))
    try:
        out = {}
        for q in QUERIES:
            def call(q: str = q) -> str:
                hits = services.search.search(q)
                registers = sorted({h.entity for h in hits})
                return f"{len(hits)} hits in {', '.join(registers) or 'none'}"
            out[q] = timed(call, runs)
        out["dashboard"] = timed(lambda: f"{len(services.dashboard.due())} items", runs)
    finally:
        services.close()
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        out["floor"] = timed(lambda: f"{len(conn.execute(FLOOR_SQL).fetchall())} rows", runs)
    finally:
        conn.close()
    return out


def write_sheet(path: Path, rows: int) -> None:
    """A persons sheet with Vietnamese headers, as a unit keeps it in Excel."""
    from openpyxl import Workbook

    from desktop.services.demo_data import vietnamese_name

    rng = random.Random(10)
    book = Workbook(write_only=True)
    ws = book.create_sheet("Cán bộ")
    ws.append(["Họ và tên", "Ngày sinh", "Chức vụ", "Số hộ chiếu", "Điện thoại", "Thư điện tử"])
    for i in range(rows):
        ws.append([vietnamese_name(rng, rng.choice(("male", "female"))),
                   date(rng.randrange(1965, 1999), rng.randrange(1, 13), rng.randrange(1, 29)),
                   "Chuyên viên", f"C{i:07d}", f"0912{i:06d}", f"can.bo.{i}@daklak.gov.vn"])
    book.save(path)


def import_persons(services, sheet: Path) -> float:
    """Seconds to open, map, preview and commit the persons sheet `sheet` (what Nhập từ Excel… does)."""
    imports = services.imports
    started = time.perf_counter()
    info = imports.open(sheet)[0]
    mapping = imports.guess_mapping("person", info.headers)
    preview = imports.preview(sheet, info.name, "person", mapping, progress=lambda done, total: None)
    imports.commit(preview, progress=lambda done, total: None)
    return time.perf_counter() - started


def measure_import(small: Path) -> dict:
    from desktop.config import Paths
    from desktop.services import open_services

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        copy = folder / "small.sqlite3"
        src = sqlite3.connect(f"file:{small}?mode=ro", uri=True)
        dst = sqlite3.connect(copy)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        sheet = folder / "persons.xlsx"
        started = time.perf_counter()
        write_sheet(sheet, IMPORT_ROWS)
        written = time.perf_counter() - started
        services = open_services(f"sqlite:///{copy}", Paths(dataset.HOME))
        try:
            imports = services.imports
            steps = {}
            started = time.perf_counter()
            sheets = imports.open(sheet)
            steps["open"] = time.perf_counter() - started
            info = sheets[0]
            mapping = imports.guess_mapping("person", info.headers)
            t = time.perf_counter()
            preview = imports.preview(sheet, info.name, "person", mapping, progress=lambda done, total: None)
            steps["preview"] = time.perf_counter() - t
            t = time.perf_counter()
            result = imports.commit(preview, progress=lambda done, total: None)
            steps["commit"] = time.perf_counter() - t
            steps["total"] = time.perf_counter() - started
        finally:
            services.close()
        shutil.rmtree(folder, ignore_errors=True)
    return {"steps": steps, "written": written, "rows": info.rows, "mapping": mapping,
            "counts": preview.counts, "result": result}


# --- the table --------------------------------------------------------------------------------


def row(label: str, value: str, floor: str = "", ratio: str = "", target: str = "", ok: bool | None = None) -> str:
    mark = "" if ok is None else ("✓" if ok else "✗")
    return f"{label:<46}{value:>12}{floor:>12}{ratio:>9}   {target:<10}{mark}"


def report(args, db: Path, made: float | None, counts: dict, m: dict, imp: dict) -> None:
    total = sum(v for k, v in counts.items() if k != "change_log")
    print(f"Sổ Đối ngoại registers benchmark — {total:,} records "
          f"({db.relative_to(ROOT)}, {db.stat().st_size / 2**20:.0f} MiB); "
          f"Python {platform.python_version()}, {os.cpu_count()} CPUs, median of {args.runs} warm runs; "
          f"{load_average()} at the end")
    print("  " + made_text(made))
    print("  " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    print()
    print(row("measurement", "result", "floor", "ratio", "target"))
    print("-" * 92)
    floor = m["floor"].median_ms
    print("(a) global search, first page (50 hits over every register), warm median; floor = bare sqlite3 "
          "SELECT of 50 delegation rows")
    for q in QUERIES:
        t = m[q]
        print(row(f"    “{q}”", f"{t.median_ms:.1f} ms", f"{floor:.2f} ms", f"{t.median_ms / floor:.0f}×",
                  f"≤ {TARGET_SEARCH_MS:.0f} ms", t.median_ms <= TARGET_SEARCH_MS) + f"  ({t.detail})")
        print(row("      first call", f"{t.first_ms:.1f} ms"))
        print(row("      CPU time (median)", f"{t.cpu_ms:.1f} ms"))
    t = m["dashboard"]
    print("(b) Tổng quan: services.dashboard.due() over every register, warm median")
    print(row("    build", f"{t.median_ms:.1f} ms", f"{floor:.2f} ms", f"{t.median_ms / floor:.0f}×",
              f"≤ {TARGET_DASHBOARD_MS:.0f} ms", t.median_ms <= TARGET_DASHBOARD_MS) + f"  ({t.detail})")
    print(row("      first call", f"{t.first_ms:.1f} ms"))
    print(row("      CPU time (median)", f"{t.cpu_ms:.1f} ms"))
    s = imp["steps"]
    print(f"(c) import {imp['rows']:,} persons from .xlsx into a copy of the {SMALL}-delegation database")
    print(row("    open + preview + commit", f"{s['total']:.2f} s", "", "", f"≤ {TARGET_IMPORT_S:.0f} s",
              s["total"] <= TARGET_IMPORT_S))
    for step in ("open", "preview", "commit"):
        print(row(f"      {step}", f"{s[step]:.2f} s"))
    print(f"      preview {imp['counts']}; commit {imp['result']}; "
          f"sheet written by openpyxl in {imp['written']:.2f} s (not counted)")


def made_text(made: float | None) -> str:
    return f"generated now (fill_demo + other registers) in {made:.1f} s" if made else "reused from bench/out"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark of issue 4's performance targets")
    parser.add_argument("--records", type=int, default=200_000, help="about how many records in the database")
    parser.add_argument("--runs", type=int, default=7, help="warm runs of each measurement (≥ 5)")
    parser.add_argument("--fresh", action="store_true", help="regenerate the database")
    args = parser.parse_args(argv)
    args.runs = max(args.runs, 5)
    db, made = ensure(args.records, args.fresh)
    small, _made_small = dataset.ensure(SMALL, args.fresh)
    m = measure(db, args.runs)
    imp = measure_import(small)
    report(args, db, made, row_counts(db), m, imp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
