"""The yearly report as a document: headings, sentences built from the figures, tables, charts.

One neutral structure (`ReportDocument`) feeds the three files — PDF (the state layout,
Decree 30/2020), DOCX (editable) and the XLSX annex (one sheet per table) — so they say
the same thing. Tables keep typed cells (integers, dates) for the spreadsheet. Always in
Vietnamese, like every document the program prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .figures import SECTIONS, Figure, Report
from .text import key_name, number, value_text, vnd

Cell = str | int | date | None


@dataclass(frozen=True)
class Heading:
    text: str
    level: int  # 1: "I. TÌNH HÌNH CHUNG", 2: "1. Đoàn ra"


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Table:
    title: str  # also the XLSX sheet's name
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...] = ()


@dataclass(frozen=True)
class Chart:
    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[int, ...]], ...]


Block = Heading | Paragraph | Table | Chart


@dataclass(frozen=True)
class Texts:
    """What the officer types (SYNC.md's `report_text` sections): III Đánh giá, IV Phương hướng, V Kiến nghị."""

    assessment: str = ""
    directions: str = ""
    recommendations: str = ""


@dataclass(frozen=True)
class ReportDocument:
    title: str  # "BÁO CÁO"
    subtitle: str  # "Kết quả công tác đối ngoại năm 2026"
    scope_name: str
    blocks: tuple[Block, ...]


MONTHS = tuple(f"{m:02d}" for m in range(1, 13))
TOP_COUNTRIES = 10


def build(report: Report, texts: Texts | None = None) -> ReportDocument:
    """The whole report of `report`, with the officer's `texts` (the prefilled facts when empty)."""
    texts = texts or Texts()
    scope_name = report.unit_names.get(report.scope[0], report.scope[0]) if report.scope else ""
    blocks: list[Block] = [Heading("I. TÌNH HÌNH CHUNG", 1), *_paras(overview(report, scope_name)),
                           Heading("II. KẾT QUẢ THỰC HIỆN", 1)]
    for i, section in enumerate(SECTIONS, start=1):
        blocks.append(Heading(f"{i}. {section.title}", 2))
        blocks += _SECTION_BLOCKS[section.key](report)
    if len(report.by_unit) > 1:
        blocks += [Heading(f"{len(SECTIONS) + 1}. Tổng hợp theo đơn vị", 2), unit_table(report)]
    blocks += [Heading("III. ĐÁNH GIÁ", 1), Paragraph("1. Tồn tại, hạn chế"),
               *_paras(texts.assessment or "\n".join(assessment_facts(report))),
               Heading(f"IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {report.year + 1}", 1), *_paras(texts.directions),
               Heading("V. KIẾN NGHỊ, ĐỀ XUẤT", 1), *_paras(texts.recommendations)]
    return ReportDocument("BÁO CÁO", f"Kết quả công tác đối ngoại năm {report.year}", scope_name, tuple(blocks))


def overview(report: Report, scope_name: str) -> str:
    """I's opening: what the year's work was measured against."""
    f = report.figures
    issued = f["plan.issued_on"].value
    plan = (f"Kế hoạch công tác đối ngoại năm {report.year} được ban hành ngày {issued.strftime('%d/%m/%Y')}"
            if isinstance(issued, date) else f"Chưa ghi nhận kế hoạch công tác đối ngoại năm {report.year} được ban hành")
    units = f" trên {number(len(report.by_unit), True)} đơn vị" if len(report.by_unit) > 1 else ""
    return (f"Thực hiện Chỉ thị số 13/CT-UBND ngày 26/4/2023 của UBND tỉnh Đắk Lắk về tăng cường công tác "
            f"đối ngoại, năm {report.year} {scope_name}{units} đã triển khai công tác đối ngoại theo kế hoạch. "
            f"{plan}. Số liệu trong báo cáo được tổng hợp từ sổ theo dõi công tác đối ngoại đến ngày "
            f"{report.cutoff.strftime('%d/%m/%Y')}.")


def assessment_facts(report: Report) -> list[str]:
    """The facts that need a word of explanation in III (nothing is forgotten): late requests, off-plan
    trips, overridden discipline blocks, overdue reports and follow-ups, lapsed aid, units without an
    officer or a plan."""
    f = report.figures
    checks = (
        ("outbound.late", "{n} hồ sơ đoàn ra nộp chậm so với quy định"),
        ("inbound.late", "{n} hồ sơ đoàn vào nộp chậm so với quy định"),
        ("conferences.late", "{n} hồ sơ hội nghị, hội thảo quốc tế gửi chậm so với quy định"),
        ("outbound.off_plan", "{n} đoàn ra ngoài kế hoạch đối ngoại năm"),
        ("outbound.discipline_overrides", "{n} đoàn ra có thành viên đang chịu kỷ luật được vượt chặn"),
        ("outbound.reports_overdue", "{n} đoàn ra chưa nộp báo cáo kết quả chuyến công tác quá hạn"),
        ("promotion.followups_overdue", "{n} việc sau hoạt động xúc tiến quá hạn chưa hoàn thành"),
        ("aid.lapsed", "{n} dự án viện trợ hết hiệu lực phê duyệt do chưa triển khai"),
        ("units.without_officer", "{n} đơn vị chưa phân công cán bộ kiêm nhiệm công tác đối ngoại"),
        ("units.without_plan", "{n} đơn vị chưa ban hành kế hoạch đối ngoại năm"),
    )
    out = [f"- {template.format(n=number(f[code].value, True))}." for code, template in checks
           if isinstance(f[code].value, int) and f[code].value > 0]
    if f["plan.issued_on"].value is None:
        out.append(f"- Chưa ban hành kế hoạch công tác đối ngoại năm {report.year}.")
    return out


# ---------------------------------------------------------------- section II, one builder a section


def _outbound(r: Report) -> list[Block]:
    f = r.figures
    count = f["outbound.count"].value
    text = (f"Tổ chức {number(count, True)} đoàn ra với {number(f['outbound.people'].value, True)} lượt cán bộ"
            f"{_countries(f['outbound.by_country'])}; kinh phí dự toán {vnd(f['outbound.cost_vnd'].value, True)}. "
            f"Có {number(f['outbound.late'].value, True)} hồ sơ nộp chậm so với quy định, "
            f"{number(f['outbound.off_plan'].value, True)} đoàn ngoài kế hoạch, "
            f"{number(f['outbound.discipline_overrides'].value, True)} đoàn được vượt chặn kỷ luật, "
            f"{number(f['outbound.reports_overdue'].value, True)} đoàn chưa nộp báo cáo kết quả quá hạn.")
    return [Paragraph(text), *_breakdowns(r, "outbound.by_country", "outbound.by_kind"),
            *_month_chart(r, "outbound.by_month", "Số đoàn ra theo tháng"), *_country_chart(r, "outbound.by_country")]


def _inbound(r: Report) -> list[Block]:
    f = r.figures
    text = (f"Đón {number(f['inbound.count'].value, True)} đoàn vào với {number(f['inbound.guests'].value, True)} "
            f"lượt khách nước ngoài{_countries(f['inbound.by_country'], 'đến từ')}; "
            f"{number(f['inbound.late'].value, True)} hồ sơ xin phép nộp chậm so với quy định.")
    return [Paragraph(text), *_breakdowns(r, "inbound.by_country"),
            *_month_chart(r, "inbound.by_month", "Số đoàn vào theo tháng")]


def _conferences(r: Report) -> list[Block]:
    f = r.figures
    return [Paragraph(
        f"Tổ chức {number(f['conferences.count'].value, True)} hội nghị, hội thảo quốc tế, trong đó "
        f"{number(f['conferences.pm_level'].value, True)} thuộc thẩm quyền cho phép của Thủ tướng Chính phủ; "
        f"{number(f['conferences.late'].value, True)} hồ sơ xin phép gửi chậm so với quy định.")]


def _ngo(r: Report) -> list[Block]:
    f = r.figures
    committed, disbursed = f["aid.committed_vnd"].value, f["aid.disbursed_vnd"].value
    blocks: list[Block] = [Paragraph(
        f"Có {number(f['ngo.active'].value, True)} tổ chức phi chính phủ nước ngoài hoạt động trên địa bàn "
        f"(năm báo cáo của tổ chức PCP từ 15/12/{r.year - 1} đến 14/12/{r.year}); tiếp nhận "
        f"{number(f['ngo.reports_received'].value, True)} báo cáo năm; "
        f"{number(f['ngo.certificates_expired'].value, True)} giấy đăng ký hết hạn."), Paragraph(
        f"Phê duyệt {number(f['aid.approved'].value, True)} chương trình, dự án viện trợ phi chính phủ nước ngoài "
        f"với tổng giá trị cam kết {vnd(committed, True)}; giải ngân trong năm {vnd(disbursed, True)}; "
        f"{number(f['aid.lapsed'].value, True)} dự án hết hiệu lực phê duyệt do chưa triển khai.")]
    blocks += _breakdowns(r, "aid.by_sector", "aid.by_donor")
    if committed or disbursed:
        blocks.append(Chart("Viện trợ cam kết và giải ngân (triệu đồng)", ("Cam kết", "Giải ngân"),
                            (("Triệu đồng", (committed // 1_000_000, disbursed // 1_000_000)),)))
    return blocks


def _promotion(r: Report) -> list[Block]:
    f = r.figures
    return [Paragraph(
        f"Tổ chức, tham gia {number(f['promotion.count'].value, True)} hoạt động xúc tiến, quảng bá; ký "
        f"{number(f['promotion.mous'].value, True)} biên bản ghi nhớ; sau hoạt động đã hoàn thành "
        f"{number(f['promotion.followups_done'].value, True)} việc, còn "
        f"{number(f['promotion.followups_overdue'].value, True)} việc quá hạn."), *_breakdowns(r, "promotion.by_kind")]


def _agreements(r: Report) -> list[Block]:
    f = r.figures
    return [Paragraph(
        f"Duy trì {number(f['agreements.active'].value, True)} thỏa thuận hợp tác, kết nghĩa với địa phương, tổ "
        f"chức nước ngoài{_countries(f['agreements.by_country'], 'thuộc')}; ký kết mới "
        f"{number(f['agreements.signed'].value, True)} thỏa thuận trong năm."), *_breakdowns(r, "agreements.by_country")]


def _overseas(r: Report) -> list[Block]:
    f = r.figures
    contacts = sum(f["overseas.contacts_by_country"].value.values())
    activities = sum(f["overseas.activities_by_kind"].value.values())
    return [Paragraph(
        f"Theo dõi {number(contacts, True)} kiều bào, hội đoàn người Việt Nam ở nước ngoài"
        f"{_countries(f['overseas.contacts_by_country'], 'tại')}; {number(activities, True)} hoạt động trong năm; "
        f"kiều bào ủng hộ, từ thiện {vnd(f['overseas.donations_vnd'].value, True)}; bảo hộ công dân: "
        f"{number(f['overseas.protection_closed'].value, True)} vụ việc đã kết thúc, "
        f"{number(f['overseas.protection_open'].value, True)} vụ việc đang giải quyết."),
        *_breakdowns(r, "overseas.activities_by_kind")]


def _plan(r: Report) -> list[Block]:
    f = r.figures
    planned, done = f["plan.planned"].value, f["plan.done"].value
    blocks: list[Block] = [Paragraph(
        f"Kế hoạch có {number(planned, True)} hoạt động, đã thực hiện {number(done, True)}; kinh phí theo kế hoạch "
        f"{vnd(f['plan.budget_planned_vnd'].value, True)}, kinh phí các hoạt động đã thực hiện "
        f"{vnd(f['plan.cost_actual_vnd'].value, True)}.")]
    if planned:
        blocks.append(Chart("Kế hoạch và thực hiện (số hoạt động)", ("Kế hoạch", "Đã thực hiện"),
                            (("Số hoạt động", (planned, done)),)))
    return blocks


def _budget(r: Report) -> list[Block]:
    f = r.figures
    allocated, spent = f["budget.allocated_vnd"].value, f["budget.spent_vnd"].value
    added = f["budget.additions_vnd"].value
    extra = f", trong đó bổ sung trong năm {vnd(added, True)}" if added else " (không có khoản bổ sung trong năm)"
    blocks: list[Block] = [Paragraph(
        f"Kinh phí đối ngoại được giao {vnd(allocated, True)}{extra}; đã chi {vnd(spent, True)} cho các đoàn, "
        f"hội nghị và hoạt động xúc tiến của năm.")]
    if allocated or spent:
        blocks.append(Chart("Kinh phí được giao và đã chi (triệu đồng)", ("Được giao", "Đã chi"),
                            (("Triệu đồng", (allocated // 1_000_000, spent // 1_000_000)),)))
    return blocks


def _units(r: Report) -> list[Block]:
    f = r.figures
    return [Paragraph(
        f"{number(f['officers.trained'].value, True)} cán bộ được bồi dưỡng nghiệp vụ đối ngoại trong năm; "
        f"{number(f['units.without_officer'].value, True)} đơn vị chưa phân công cán bộ kiêm nhiệm công tác đối "
        f"ngoại; {number(f['units.without_plan'].value, True)} đơn vị chưa ban hành kế hoạch đối ngoại năm.")]


_SECTION_BLOCKS = {"outbound": _outbound, "inbound": _inbound, "conferences": _conferences, "ngo": _ngo,
                   "promotion": _promotion, "agreements": _agreements, "overseas": _overseas, "plan": _plan, "budget": _budget,
                   "units": _units}

# the per-unit table of a consolidated report: its columns
UNIT_COLUMNS = ("outbound.count", "outbound.late", "outbound.discipline_overrides", "outbound.reports_overdue",
                "inbound.count", "inbound.late", "conferences.count", "aid.approved", "promotion.count",
                "promotion.followups_overdue", "units.without_officer", "units.without_plan")
UNIT_HEADERS = ("Đoàn ra", "Nộp chậm (R1)", "Vượt chặn kỷ luật", "Chưa báo cáo (R8)", "Đoàn vào",
                "Nộp chậm (R2)", "Hội nghị", "Dự án viện trợ", "Xúc tiến", "Việc quá hạn (R14)",
                "Chưa có cán bộ (R15)", "Chưa có kế hoạch (R16)")


def unit_table(r: Report) -> Table:
    """Rows: units; columns: the key figures and compliance indicators; last row: the totals."""
    rows: list[tuple[Cell, ...]] = []
    for i, (code, figures) in enumerate(r.by_unit.items(), start=1):
        rows.append((i, r.unit_names.get(code, code), *(_int(figures[c]) for c in UNIT_COLUMNS)))
    rows.append(("", "Tổng cộng", *(_int(r.figures[c]) for c in UNIT_COLUMNS)))
    return Table("Tổng hợp theo đơn vị", ("STT", "Đơn vị", *UNIT_HEADERS), tuple(rows),
                 (8, 40) + (12,) * len(UNIT_COLUMNS))


# ---------------------------------------------------------------- helpers


def _paras(text: str) -> list[Block]:
    return [Paragraph(line.strip()) for line in (text or "").splitlines() if line.strip()]


def _countries(figure: Figure, word: str = "đến") -> str:
    counts = figure.value if isinstance(figure.value, dict) else {}
    if not counts:
        return ""
    return f", {word} {number(len(counts), True)} quốc gia, vùng lãnh thổ ({value_text(figure, True, 3)})"


def _breakdowns(r: Report, *codes: str) -> list[Block]:
    """A two-column table for each non-empty breakdown: the key's name, the count."""
    out: list[Block] = []
    for code in codes:
        figure = r.figures[code]
        items = list(figure.value.items()) if isinstance(figure.value, dict) else []
        if code.endswith("by_country"):
            items = items[:TOP_COUNTRIES]
        if items:
            rows = tuple((i, key_name(code, k, True), n) for i, (k, n) in enumerate(items, start=1))
            out.append(Table(figure.label, ("STT", _key_header(code), "Số lượng"), rows, (8, 60, 20)))
    return out


def _key_header(code: str) -> str:
    if code.endswith("by_country"):
        return "Quốc gia, vùng lãnh thổ"
    if code == "aid.by_donor":
        return "Nhà tài trợ"
    if code == "aid.by_sector":
        return "Lĩnh vực"
    return "Hình thức, loại"


def _month_chart(r: Report, code: str, title: str) -> list[Block]:
    counts = r.figures[code].value
    if not isinstance(counts, dict) or not counts:
        return []
    return [Chart(title, tuple(str(int(m)) for m in MONTHS), (("Số đoàn", tuple(counts.get(m, 0) for m in MONTHS)),))]


def _country_chart(r: Report, code: str) -> list[Block]:
    counts = r.figures[code].value
    if not isinstance(counts, dict) or len(counts) < 2:
        return []
    top = list(counts.items())[:TOP_COUNTRIES]
    return [Chart(f"{r.figures[code].label} (nhiều nhất)", tuple(key_name(code, k, True) for k, _n in top),
                  (("Số đoàn", tuple(n for _k, n in top)),))]


def _int(figure: Figure) -> int:
    return figure.value if isinstance(figure.value, int) else 0
