"""`doingoai import FILE --register REGISTER`: an Excel file into a register, as the wizard reads it.

The columns, a value for every row and a column standing in for a missing one are guessed as in
"Nhập từ Excel…" (`ImportService.guess`); `--set FIELD=VALUE` gives a field one value for every row.
Exit 0 when the new rows were written (or, with `--dry-run`, would be), 2 when the file is refused —
unreadable, a required field nothing fills, or a row that cannot be read — with nothing written.
`--json` prints `desktop.services.imports.report`'s document.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from desktop.cli import EXIT_USAGE, format_count, open_services_for, register_command
from desktop.domain.text import fold
from desktop.errors import AppError
from desktop.i18n import N_, _

# REGISTER: the register keys of the import (`SPECS`), and Vietnamese names for them.
REGISTERS = {
    "person": "person", "can-bo": "person", "can bo": "person", "officer": "person",
    "delegation": "delegation", "doan": "delegation",
    "doan-ra": "delegation", "doan ra": "delegation", "doan-vao": "delegation", "doan vao": "delegation",
    "foreign_ngo": "foreign_ngo", "ngo": "foreign_ngo", "to-chuc-pcp": "foreign_ngo", "to chuc pcp": "foreign_ngo",
    "aid_project": "aid_project", "aid": "aid_project", "vien-tro": "aid_project", "vien tro": "aid_project",
}
DIRECTION_OF = {"doan-ra": "outbound", "doan ra": "outbound", "doan-vao": "inbound", "doan vao": "inbound"}
STATUS_WORDS = {"new": N_("mới"), "duplicate": N_("trùng"), "invalid": N_("lỗi"), "empty": N_("trống")}


def _import_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar=_("TỆP.xlsx"), help=_("bảng tính Excel cần nhập"))
    p.add_argument("--register", required=True, metavar=_("SỔ"), help=_(
        "sổ nhận dữ liệu: person (cán bộ), delegation (đoàn; doan-ra, doan-vao cho biết luôn loại đoàn), "
        "foreign_ngo (tổ chức PCP nước ngoài), aid_project (dự án viện trợ)"))
    p.add_argument("--sheet", metavar=_("TRANG_TÍNH"), help=_("tên trang tính (mặc định: trang đầu tiên có dữ liệu)"))
    p.add_argument("--set", dest="fixed", action="append", default=[], metavar=_("TRƯỜNG=GIÁ_TRỊ"), help=_(
        "một giá trị cho mọi dòng không có giá trị ở cột của trường đó, ví dụ --set direction=outbound hoặc "
        "--set \"Loại đoàn=Đoàn ra\"; dùng nhiều lần được"))
    p.add_argument("--dry-run", action="store_true", help=_("chỉ xem trước, không ghi gì"))
    p.add_argument("--json", action="store_true", help=_(
        "in tài liệu JSON: file, register, sheet, result (previewed / written / refused), error, mapping, fixed, "
        "also, guessed, counts, rows (row, status, values, problems có field, column, cell, message; guesses, "
        "notes, duplicate_of), written"))


def _register(name: str) -> tuple[str, dict[str, str]]:
    """(register key, values it implies) of a REGISTER name."""
    key = fold(name)
    if key not in REGISTERS:
        raise AppError(_("Không nhập được vào sổ «{register}». Các sổ: person, delegation (doan-ra, doan-vao), "
                         "foreign_ngo, aid_project.").format(register=name))
    return REGISTERS[key], ({"direction": DIRECTION_OF[key]} if key in DIRECTION_OF else {})


def _fixed(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise AppError(_("--set cần dạng TRƯỜNG=GIÁ_TRỊ: «{pair}».").format(pair=pair))
        out[name.strip()] = value.strip()
    return out


@register_command("import", N_("nhập một bảng tính Excel vào một sổ: xem trước, rồi ghi trong một lần"), _import_args)
def run_import(args: argparse.Namespace) -> int:
    """Preview `args.file`, then write its new rows unless a row is refused or `--dry-run`."""
    from desktop.services.imports import import_json

    path = Path(args.file)
    try:
        entity, implied = _register(args.register)
        fixed = {**implied, **_fixed(args.fixed)}
        run, labels = _run(args.db, path, entity, args.sheet, fixed, args.dry_run)
    except AppError as exc:
        if args.json:
            _print(import_json(str(path), args.register, args.sheet, "refused", error=str(exc)))
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        _print(import_json(str(path), entity, run.preview.sheet, run.result, run.preview, run.reasons, run.written))
    else:
        _print_run(run, labels)
    return EXIT_USAGE if run.result == "refused" else 0


def _run(db: str | None, path: Path, entity: str, sheet: str | None, fixed: dict[str, str], dry_run: bool):
    services = open_services_for(db, must_exist=True)
    try:
        if not services.device.is_set_up():
            raise AppError(_("Máy chưa được thiết lập đơn vị: hãy chạy «doingoai init --unit MÃ_ĐƠN_VỊ» trước."))
        labels = {f.field: f.label for f in services.imports.fields(entity)}
        return services.imports.import_file(path, entity, sheet, fixed, dry_run), labels
    finally:
        services.close()


def _print(document: dict) -> None:
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def _print_run(run, labels: dict[str, str]) -> None:
    preview = run.preview
    counts = ", ".join(f"{format_count(preview.counts[k])} {_(w)}" for k, w in STATUS_WORDS.items())
    print(_("Trang tính «{sheet}»: {counts}.").format(sheet=preview.sheet, counts=counts))
    for field, why in run.reasons.items():
        print("  ≈ " + _("{field}: {why}").format(field=labels.get(field, field), why=why))
    for row in preview.rows:
        for problem in row.problems if row.status == "invalid" else ():
            print("  " + _("Dòng {row}: {problem}").format(row=row.row, problem=problem))
    if run.result == "refused":
        print(_("Không nhập: có dòng lỗi; chưa ghi gì. Sửa tệp rồi nhập lại."), file=sys.stderr)
    elif run.result == "previewed":
        print(_("Xem trước: sẽ nhập {n} bản ghi mới; chưa ghi gì.").format(n=format_count(preview.counts["new"])))
    else:
        print(_("Đã nhập {n} bản ghi mới.").format(n=format_count(run.written["created"])))
