"""`doingoai report annual --year YYYY [--unit CODE]`: the yearly report's figures, and its files.

`--json` prints `{"year", "scope": [unit codes], "figures": {code: value}, "by_unit": {unit:
{code: value}}}` with the codes of `desktop.reports.figures` (dicts for the `by_…` figures,
integers for counts and đồng, ISO dates); `--pdf`, `--docx` and `--xlsx` write the report.
Without `--unit`, a unit's machine reports on its unit, the province on every unit.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import TextIO

from desktop.cli import open_services_for, register_command
from desktop.i18n import N_, _


def _report_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("kind", choices=["annual"], metavar="annual", help=_("báo cáo kết quả công tác đối ngoại năm"))
    p.add_argument("--year", type=int, default=date.today().year, metavar=_("NĂM"),
                   help=_("năm báo cáo (mặc định: năm nay)"))
    p.add_argument("--unit", metavar=_("MÃ_ĐƠN_VỊ"), help=_(
        "báo cáo của một đơn vị và các đơn vị trực thuộc (mặc định: đơn vị của máy này; ở tỉnh: mọi đơn vị)"))
    p.add_argument("--json", action="store_true", help=_(
        "in tài liệu JSON: year, scope, figures (mã → giá trị), by_unit (đơn vị → mã → giá trị)"))
    p.add_argument("--pdf", type=Path, metavar=_("TỆP.pdf"), help=_("lưu báo cáo thành tệp PDF"))
    p.add_argument("--docx", type=Path, metavar=_("TỆP.docx"), help=_("lưu báo cáo thành tệp Word (DOCX)"))
    p.add_argument("--xlsx", type=Path, metavar=_("TỆP.xlsx"), help=_("lưu phụ lục số liệu thành tệp Excel"))


@register_command("report", N_("lập báo cáo kết quả công tác đối ngoại năm"), _report_args)
def run_report(args: argparse.Namespace) -> int:
    """Count the year's figures for the scope, print them, write the files asked for."""
    services = open_services_for(args.db, must_exist=True, read_only=True)
    try:
        report = services.reports.annual(args.year, args.unit)
        written = []
        for path, kind in ((args.pdf, "pdf"), (args.docx, "docx"), (args.xlsx, "xlsx")):
            if path is not None:
                written.append(services.reports.write(report, kind, path))
    finally:
        services.close()
    if args.json:
        json.dump(report.as_json(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        print_report(report, sys.stdout)
    for path in written:
        print(_("Đã lưu {path}").format(path=path), file=sys.stderr if args.json else sys.stdout)
    return 0


def print_report(report, out: TextIO) -> None:
    """The figures by section, as the Báo cáo page lists them."""
    from desktop.reports.figures import SECTIONS
    from desktop.reports.text import value_text

    names = report.unit_names
    scope = names.get(report.scope[0], report.scope[0]) if report.scope else ""
    out.write(_("Báo cáo kết quả công tác đối ngoại năm {year} — {scope}").format(year=report.year, scope=scope) + "\n")
    for section in SECTIONS:
        out.write("\n" + _(section.title) + "\n")
        for code in section.codes:
            figure = report.figures[code]
            out.write(f"  {_(figure.label)}: {value_text(figure)}  [{code}]\n")
