"""Benchmark of issue 3's printing targets, against a floor measured in the same run.

    .venv/bin/python bench/printing.py [--runs 15]

(a) one form, record → PDF bytes (PrintService.render of a delegation request: the
    database read, the template, the Decree 30 layout), against a bare reportlab canvas
    page with the same embedded font — Liberation Serif in the four faces the form uses —
    drawing the same text runs in the same faces and sizes at the same places (read back
    from the form with pdfplumber), so both embed the same glyph subsets; target ≤ 2×.
    For context, the same runs drawn in the regular face only (one subset) are shown too;
(b) a 100-member list (landscape table over several pages, officers joined with their
    units), record → PDF bytes; target ≤ 1 s.

Both on a throw-away database in a temporary folder; fonts are registered before timing
(once per process, as in the app). Warm medians; the first call is shown apart.
Not a test: it prints a table and exits 0.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from datetime import date
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TARGET_RATIO = 2.0
TARGET_LIST_S = 1.0
MEMBERS = 100


@dataclass(frozen=True)
class Timing:
    """Warm median and the first (cold) call, in seconds."""

    median: float
    first: float


def timed(fn, runs: int) -> Timing:
    """Call `fn` once cold, then `runs` times; the median of the warm calls."""
    return interleaved([fn], runs)[0]


def interleaved(fns: list, runs: int) -> list[Timing]:
    """Time each of `fns` `runs` times, taking turns, so a busy machine slows them alike."""
    firsts = []
    for fn in fns:
        started = time.perf_counter()
        fn()
        firsts.append(time.perf_counter() - started)
    samples: list[list[float]] = [[] for _ in fns]
    for _ in range(runs):
        for i, fn in enumerate(fns):
            started = time.perf_counter()
            fn()
            samples[i].append(time.perf_counter() - started)
    return [Timing(statistics.median(s), f) for s, f in zip(samples, firsts, strict=True)]


def build(folder: Path):
    """Services on a new database with one signer, a 3-member request and a 100-member trip."""
    from desktop.config import Paths
    from desktop.services import open_services

    services = open_services(f"sqlite:///{folder / 'print.sqlite3'}", Paths(folder / "data"),
                             today=lambda: date(2026, 1, 20))
    services.device.set_up("DL-BMT", "Nguyễn Văn An")
    services.printing.save_settings(replace(services.printing.settings(), signer_name="Trần Văn Thành"))
    request = _delegation(services, 3)
    big = _delegation(services, MEMBERS)
    return services, request, big


def _delegation(services, count: int) -> str:
    people = []
    for i in range(count):
        person = services.persons.save({
            "full_name": f"Nguyễn Thị Hồng Nhung {i + 1}", "gender": "female",
            "position": "Phó Trưởng phòng Văn hóa và Thông tin thành phố Buôn Ma Thuột",
            "unit_code": "DL-BMT", "passport_number": f"C{1000000 + i}", "passport_expiry": date(2031, 1, 1)})
        people.append({"role": "head" if i == 0 else "member", "person_id": person.id})
    data = {"direction": "outbound", "kind": "working_trip", "status": "draft",
            "title": "Đoàn công tác xúc tiến cà phê Buôn Ma Thuột tại Hàn Quốc",
            "purpose": "Giới thiệu sản phẩm OCOP và tìm kiếm đối tác nhập khẩu cà phê",
            "countries": ["KR"], "partner": "Thành phố Gimhae", "start_date": date(2026, 6, 15),
            "end_date": date(2026, 6, 20), "funding": "state_budget", "cost_estimate_vnd": 1_250_000_000,
            "in_annual_plan": True}
    return services.delegations.save(data, people).id


Run = tuple[str, float, float, float, str]  # face, size, x, baseline, text


def text_runs(pdf: bytes) -> list[list[Run]]:
    """Every page's runs of glyphs: (face, size, x, baseline, text)."""
    import pdfplumber

    with pdfplumber.open(BytesIO(pdf)) as doc:
        return [_page_runs(page) for page in doc.pages]


def _page_runs(page) -> list[Run]:
    runs: dict[tuple, list[dict]] = {}
    for c in page.chars:
        runs.setdefault((round(c["top"], 1), c["fontname"].split("+")[-1], c["size"]), []).append(c)
    height = float(page.height)
    return [(face, size, chars[0]["x0"], height - chars[0]["y0"] + size * 0.216,
             "".join(c["text"] for c in sorted(chars, key=lambda c: c["x0"])))
            for (_top, face, size), chars in runs.items()]


def bare_page(pages: list[list[Run]], one_face: bool = False) -> bytes:
    """The floor: reportlab canvas pages drawing the form's runs in the same embedded faces."""
    from reportlab.pdfgen.canvas import Canvas

    from desktop.printing.fonts import SERIF

    buffer = BytesIO()
    canvas = Canvas(buffer, initialFontName=SERIF)
    for runs in pages:
        for face, size, x, y, text in runs:
            canvas.setFont(SERIF if one_face else face, size)
            canvas.drawString(x, y, text)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def measure(runs: int) -> dict:
    """Time the form, the floor and the 100-member list; return the timings and sizes."""
    import pypdf

    from desktop.printing.fonts import register_fonts

    register_fonts()
    with tempfile.TemporaryDirectory(prefix="doingoai-bench-") as tmp:
        services, request, big = build(Path(tmp))
        try:
            form_pdf = services.printing.render("delegation-request", request)
            runs_ = text_runs(form_pdf)
            form, floor, one_face = interleaved([
                lambda: services.printing.render("delegation-request", request),
                lambda: bare_page(runs_), lambda: bare_page(runs_, one_face=True)], runs)
            list_pdf = services.printing.render("member-list", big)
            listing = timed(lambda: services.printing.render("member-list", big), max(3, runs // 3))
        finally:
            services.close()
    return {"form": form, "floor": floor, "one_face": one_face, "list": listing, "runs": sum(len(p) for p in runs_), "pages": len(runs_),
            "form_kib": len(form_pdf) / 1024, "list_kib": len(list_pdf) / 1024,
            "list_pages": len(pypdf.PdfReader(BytesIO(list_pdf)).pages)}


def row(label: str, value: str, floor: str = "", ratio: str = "", target: str = "", ok: bool | None = None) -> str:
    mark = "" if ok is None else ("✓" if ok else "✗")
    return f"{label:<46}{value:>12}{floor:>12}{ratio:>9}   {target:<10}{mark}"


def report(m: dict) -> None:
    """Print the printing part of the benchmark table."""
    ms = 1000
    form, floor, listing = m["form"], m["floor"], m["list"]
    ratio = form.median / floor.median
    print(row("measurement", "result", "floor", "ratio", "target"))
    print("-" * 92)
    one = m["one_face"].median
    print(f"(d) printing: record → PDF bytes, warm median; floor = bare reportlab canvas page drawing the "
          f"same {m['runs']} text runs ({m['pages']} page(s)) in the same embedded faces")
    print(row("    delegation request (Tờ trình)", f"{form.median * ms:.1f} ms", f"{floor.median * ms:.1f} ms",
              f"{ratio:.2f}×", f"≤ {TARGET_RATIO}×", ratio <= TARGET_RATIO))
    print(row("      first call (cold caches)", f"{form.first * ms:.1f} ms", f"{floor.first * ms:.1f} ms", "", "", None)
          + f"  ({m['form_kib']:.0f} KiB)")
    print(row("      vs the same runs in the regular face only", "", f"{one * ms:.1f} ms",
              f"{form.median / one:.2f}×", "", None) + "  (one font subset instead of four)")
    print(row(f"    member list, {MEMBERS} members ({m['list_pages']} pages)", f"{listing.median * ms:.0f} ms", "", "",
              f"≤ {TARGET_LIST_S * ms:.0f} ms", listing.median <= TARGET_LIST_S))
    print(row("      first call", f"{listing.first * ms:.0f} ms", "", "", "", None) + f"  ({m['list_kib']:.0f} KiB)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark of Sổ Đối ngoại's printing targets")
    parser.add_argument("--runs", type=int, default=21, help="warm runs of each measurement")
    args = parser.parse_args(argv)
    report(measure(args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
