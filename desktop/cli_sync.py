"""The sync commands of `doingoai` (issue 5's CLI contract): init, keys, bundle, conflicts.

Registered on `desktop.cli` with `register_command`; headless (no Qt), Vietnamese
messages. `bundle import` exits 0 when every bundle was applied (or the dry run
found nothing wrong, or it was already imported), 2 when one was refused with
nothing written, 3 when one is held waiting for its predecessors.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from desktop.cli import EXIT_USAGE, Parser, format_count, open_services_for, register_command
from desktop.errors import AppError
from desktop.i18n import N_, _
from desktop.sync.labels import entity_label

EXIT_HELD = 3
OUTCOME_LABELS = {
    "applied": N_("đã nhập"), "dry_run": N_("xem trước, chưa ghi"), "refused": N_("bị từ chối"),
    "held": N_("đang giữ chờ gói trước"), "replayed": N_("đã nhập trước đây, không đổi gì"),
}
COUNT_LABELS = (("new", N_("mới")), ("updated", N_("cập nhật")), ("unchanged", N_("không đổi")),
                ("deleted", N_("xóa")), ("conflicts", N_("xung đột")), ("held", N_("đang giữ")))


def db_option(p: argparse.ArgumentParser) -> None:
    """--db and --user, accepted after the sub-action too."""
    # accepted after the sub-action too: `doingoai bundle export --db x --out y`
    p.add_argument("--db", metavar=_("ĐƯỜNG_DẪN"), default=argparse.SUPPRESS,
                   help=_("tệp cơ sở dữ liệu SQLite hoặc URL (postgresql://…)"))
    p.add_argument("--user", metavar=_("TÊN"), default=argparse.SUPPRESS, help=_("tài khoản đăng nhập"))


def _json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=str) + "\n")


# --- init ------------------------------------------------------------------------------------


def _init_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--unit", required=True, metavar=_("MÃ_ĐƠN_VỊ"), help=_("mã đơn vị của máy này, ví dụ DL-BMT"))
    p.add_argument("--province", action="store_true",
                   help=_("máy của tỉnh: nhận gói của các đơn vị, có khóa age để giải mã"))
    p.add_argument("--officer", default=None, metavar=_("HỌ_TÊN"),
                   help=_("họ tên cán bộ sử dụng máy (mặc định: “Cán bộ đối ngoại”)"))


@register_command("init", N_("thiết lập máy: đơn vị, khóa ký của máy (và chế độ tỉnh)"), _init_args)
def run_init(args: argparse.Namespace) -> int:
    """Create (or open) the database, set up this device for a unit, optionally in province mode."""
    services = open_services_for(args.db)
    try:
        unit = args.unit.strip().upper()
        if services.device.is_set_up():
            info = services.device.info()
            if info.unit_code != unit:
                raise AppError(_("Máy này đã được thiết lập cho đơn vị {unit}; không đổi sang {other} được.").format(
                    unit=info.unit_code, other=unit))
        else:
            services.device.set_up(unit, args.officer or _("Cán bộ đối ngoại"))
        if args.province:
            services.sync.set_province_mode(True)
        keys = services.sync.keys()
        admin = _first_administrator(services, args.officer)
        recovery = services.encrypt() if admin and services.can_encrypt() else None
    finally:
        services.close()
    print(_("Đã thiết lập máy cho đơn vị {unit}{province}.").format(
        unit=keys.unit_code, province=_(" (chế độ tỉnh)") if keys.province_mode else ""))
    _print_keys(keys)
    if admin:
        print(_("Tài khoản Quản trị của sổ: {name}.").format(name=admin))
    if recovery:
        from desktop.cli import print_recovery_key

        print_recovery_key(recovery)
    elif admin is None:
        print(_("Sổ chưa có tài khoản: ai mở sổ cũng xem và sửa được. Hãy tạo tài khoản Quản trị: doingoai "
                "user add quantri --full-name \"HỌ TÊN\" --role admin (chương trình cũng hỏi khi mở lần tới)."))
    return 0


def _first_administrator(services, full_name: str | None) -> str | None:
    """The register's administrator made at `init`: from DOINGOAI_USER / DOINGOAI_PASSWORD when set (scripts,
    tests), else asked at the terminal; None when neither (no terminal), "" when it had accounts already."""
    import os

    from desktop.cli import read_password
    from desktop.domain.access import ADMIN

    if services.accounts.exist():
        return ""
    user, password = os.environ.get("DOINGOAI_USER"), os.environ.get("DOINGOAI_PASSWORD")
    if not (user and password):
        if not (sys.stdin and sys.stdin.isatty()):
            return None
        user = input(_("Tên đăng nhập của Quản trị (ví dụ quantri): ")).strip() or "quantri"
        full_name = input(_("Họ tên của Quản trị: ")).strip() or full_name
        password = read_password(_("Mật khẩu: "), env=None, confirm=True)
    services.accounts.create(user, full_name or _("Quản trị hệ thống"), ADMIN, password)
    services.accounts.login(user, password)
    return user.strip().lower()


# --- keys ------------------------------------------------------------------------------------


def _keys_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", title=_("việc"), metavar=_("VIỆC"), parser_class=Parser, required=True)
    show = sub.add_parser("show", help=_("in mã máy, dấu vân tay và khóa công khai"))
    db_option(show)
    show.add_argument("--json", action="store_true", help=_("in dạng JSON"))
    trust = sub.add_parser("trust", help=_("tin cậy khóa ký của máy khác (sau khi đã đối chiếu dấu vân tay)"))
    db_option(trust)
    trust.add_argument("--device-id", required=True, metavar=_("MÃ_MÁY"), help=_("mã máy (UUID) của máy kia"))
    trust.add_argument("--public-key", required=True, metavar="BASE64", help=_("khóa công khai base64 của máy kia"))
    trust.add_argument("--unit", default=None, metavar=_("MÃ_ĐƠN_VỊ"), help=_("đơn vị của máy kia"))
    trust.add_argument("--age-recipient", default=None, metavar="age1…",
                       help=_("ở đơn vị: khóa mã hóa age của tỉnh, để gói gửi đi được mã hóa"))
    export = sub.add_parser("export", help=_("ở tỉnh: ghi tệp khóa (.dnk) để gửi cho các đơn vị"))
    db_option(export)
    export.add_argument("--out", required=True, metavar=_("TỆP_HOẶC_THƯ_MỤC"),
                        help=_("nơi ghi tệp khóa (một thư mục, ví dụ USB, hoặc tên tệp)"))
    load = sub.add_parser("load", help=_("ở đơn vị: nạp tệp khóa (.dnk) của tỉnh; in dấu vân tay để đối chiếu"))
    db_option(load)
    load.add_argument("file", metavar=_("TỆP"), help=_("tệp khóa .dnk do tỉnh gửi"))


@register_command("keys", N_("khóa của máy này và các khóa được tin cậy"), _keys_args)
def run_keys(args: argparse.Namespace) -> int:
    """`keys show`, `keys trust`, `keys export` (the province's key file) and `keys load` (at a unit)."""
    services = open_services_for(args.db, must_exist=True, read_only=args.action == "show")
    try:
        if args.action == "show":
            keys = services.sync.keys()
            if args.json:
                _json({**keys.as_dict(), "trusted": [_peer_json(p) for p in services.sync.peers()]})
            else:
                _print_keys(keys)
            return 0
        if args.action == "export":
            path = services.sync.export_key_file(Path(args.out))
            print(path)
            print(_("Dấu vân tay của tỉnh (đọc cho đơn vị khi đơn vị gọi điện đối chiếu): {fingerprint}").format(
                fingerprint=services.sync.keys().fingerprint), file=sys.stderr)
            return 0
        if args.action == "load":
            loaded = services.sync.load_key_file(Path(args.file))
            print(_("Đã nạp khóa của {unit} ({code}). Từ nay gói gửi tỉnh được mã hóa.").format(
                unit=loaded.unit_name, code=loaded.unit_code))
            print(_("Dấu vân tay của tỉnh: {fingerprint}").format(fingerprint=loaded.fingerprint))
            print(_("Hãy gọi điện cho tỉnh và đọc so từng nhóm; nếu không khớp, đừng gửi gói và báo ngay cho tỉnh."))
            return 0
        peer = services.sync.trust(args.device_id, args.public_key, args.unit)
        if args.age_recipient:
            services.sync.set_province_recipient(args.age_recipient)
    finally:
        services.close()
    print(_("Đã tin cậy khóa của máy {device} (đơn vị {unit}). Dấu vân tay: {fingerprint}").format(
        device=peer.device_id, unit=peer.unit_code or "—", fingerprint=peer.fingerprint))
    return 0


def _peer_json(p) -> dict[str, Any]:
    return {"device_id": p.device_id, "unit_code": p.unit_code, "public_key": p.public_key,
            "fingerprint": p.fingerprint, "role": p.role, "trusted_by": p.trusted_by,
            "trusted_at": p.trusted_at.isoformat() if p.trusted_at else None}


def _print_keys(keys) -> None:
    print(_("Mã máy: {id}").format(id=keys.device_id))
    print(_("Đơn vị: {unit}").format(unit=keys.unit_code))
    print(_("Dấu vân tay: {fingerprint}").format(fingerprint=keys.fingerprint))
    print(_("Khóa công khai: {key}").format(key=keys.public_key))
    if keys.province_mode:
        print(_("Khóa mã hóa age của tỉnh (gửi cho các đơn vị): {recipient}").format(recipient=keys.recipient))
    elif keys.recipient:
        print(_("Gói gửi tỉnh được mã hóa tới: {recipient}").format(recipient=keys.recipient))


# --- bundle ----------------------------------------------------------------------------------


def _bundle_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", title=_("việc"), metavar=_("VIỆC"), parser_class=Parser, required=True)
    export = sub.add_parser("export", help=_("ghi gói dữ liệu gửi tỉnh; in đường dẫn tệp đã ghi"))
    db_option(export)
    export.add_argument("--out", required=True, metavar=_("THƯ_MỤC"), help=_("thư mục ghi gói (ví dụ USB)"))
    export.add_argument("--full", action="store_true", help=_("gói đầy đủ mọi bản ghi (khi tỉnh đề nghị)"))
    export.add_argument("--allow-plaintext", action="store_true",
                        help=_("ghi gói KHÔNG mã hóa khi chưa nạp tệp khóa của tỉnh (dữ liệu cá nhân đi dạng đọc được)"))
    imp = sub.add_parser("import", help=_("nhập gói (hoặc mọi gói .dnb trong thư mục); mã thoát 0 đã nhập, "
                                          "2 bị từ chối, 3 đang giữ"))
    db_option(imp)
    imp.add_argument("paths", nargs="+", metavar=_("TỆP_HOẶC_THƯ_MỤC"))
    imp.add_argument("--dry-run", action="store_true", help=_("chỉ xem trước báo cáo, không ghi gì"))
    imp.add_argument("--force", action="store_true", help=_("nhập cả gói còn thiếu gói trước"))
    imp.add_argument("--json", action="store_true", help=_("in báo cáo dạng JSON"))
    ack = sub.add_parser("ack", help=_("ở tỉnh: ghi gói phản hồi cho một máy của đơn vị"))
    db_option(ack)
    ack.add_argument("--device-id", required=True, metavar=_("MÃ_MÁY"))
    ack.add_argument("--out", required=True, metavar=_("THƯ_MỤC"))
    sub.add_parser("schema", help=_("in JSON Schema của một dòng changes.jsonl"))


@register_command("bundle", N_("gói dữ liệu đồng bộ: xuất, nhập, phản hồi, lược đồ"), _bundle_args)
def run_bundle(args: argparse.Namespace) -> int:
    """`bundle export|import|ack|schema`."""
    if args.action == "schema":
        from desktop.sync.schema import bundle_schema

        _json(bundle_schema())
        return 0
    services = open_services_for(args.db, must_exist=True)
    try:
        if args.action == "export":
            result = services.sync.export_bundle(Path(args.out), full=args.full, allow_plaintext=args.allow_plaintext)
            print(result.path)
            print(_("Gói số {seq}: {n} bản ghi.").format(seq=result.bundle_seq, n=format_count(result.records)),
                  file=sys.stderr)
            if not result.encrypted:
                print(_("Cảnh báo: gói KHÔNG được mã hóa; họ tên, ngày sinh, số hộ chiếu và quyết định kỷ luật "
                        "trong gói đọc được với bất kỳ ai cầm tệp."), file=sys.stderr)
            return 0
        if args.action == "ack":
            print(services.sync.write_ack(args.device_id, Path(args.out)))
            return 0
        reports = services.sync.import_paths([Path(p) for p in args.paths], dry_run=args.dry_run, force=args.force)
    finally:
        services.close()
    code = import_exit_code(reports)
    if args.json:
        _json(import_json(reports, code))
    else:
        _print_reports(reports)
    return code


def import_exit_code(reports: list) -> int:
    """2 when a bundle was refused (or there was none to import), else 3 when one is held, else 0."""
    if not reports or any(r.outcome == "refused" for r in reports):
        return EXIT_USAGE
    if any(r.outcome == "held" for r in reports):
        return EXIT_HELD
    return 0


def import_json(reports: list, code: int) -> dict[str, Any]:
    """The `--json` report: the outcome over all bundles at the top, each bundle under `reports`."""
    counts: dict[str, dict[str, int]] = {}
    for r in reports:
        for entity, per in r.counts.items():
            into = counts.setdefault(entity, {})
            for key, n in per.items():
                into[key] = into.get(key, 0) + n
    worst = next((o for o in ("refused", "held", "applied", "dry_run", "replayed")
                  if any(r.outcome == o for r in reports)), "applied")
    single = reports[0].as_dict() if len(reports) == 1 else {}
    totals: dict[str, int] = {}
    for per in counts.values():
        for key, n in per.items():
            totals[key] = totals.get(key, 0) + n
    return {
        **single, "outcome": worst, "exit_code": code, "counts": counts, "totals": totals,
        "missing_seqs": sorted({n for r in reports for n in r.missing_seqs}),
        "missing_ranges": sorted({tuple(g) for r in reports for g in r.missing_ranges}),
        "checksum_ok": None if all(r.checksum_ok is None for r in reports)
        else all(r.checksum_ok is not False for r in reports),
        "problems": [p.as_dict() for r in reports for p in r.problems],
        "reports": [r.as_dict() for r in reports],
    }


def _print_reports(reports: list) -> None:
    if not reports:
        print(_("Không có gói .dnb nào để nhập trong các tệp, thư mục đã chọn."))
    for r in reports:
        print(f"{r.path.name}: {_(OUTCOME_LABELS.get(r.outcome, r.outcome))}")
        print("  " + r.message)
        for entity, per in sorted(r.counts.items(), key=lambda kv: entity_label(kv[0])):
            parts = ", ".join(f"{format_count(per.get(k, 0))} {_(label)}" for k, label in COUNT_LABELS if per.get(k))
            if parts:
                print(f"  {entity_label(entity)}: {parts}")
        for p in r.problems[:50]:
            print("  • " + p.text())
        if len(r.problems) > 50:
            print("  " + _("… và {n} lỗi khác").format(n=len(r.problems) - 50))
        for c in r.reported_conflicts:
            print("  " + _("Tỉnh báo xung đột: {entity} {id} — {reason}").format(
                entity=c["entity"], id=c["id"], reason=c["reason"]))


# --- conflicts -------------------------------------------------------------------------------


def _conflicts_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help=_("in mảng JSON các xung đột"))
    p.add_argument("--all", action="store_true", help=_("cả các xung đột đã giải quyết"))


@register_command("conflicts", N_("liệt kê các xung đột dữ liệu chờ giải quyết"), _conflicts_args)
def run_conflicts(args: argparse.Namespace) -> int:
    """List conflicts (open here, or reported by the province)."""
    services = open_services_for(args.db, must_exist=True, read_only=True)
    try:
        rows = services.sync.conflicts(include_resolved=args.all)
    finally:
        services.close()
    if args.json:
        _json([conflict_json(c) for c in rows])
        return 0
    if not rows:
        print(_("Không có xung đột nào."))
    for c in rows:
        print(_("#{id} {entity} {record} (đơn vị {unit}): bản đến phiên bản {incoming}, bản ở đây phiên bản "
                "{local} — {reason}").format(id=c.id, entity=c.entity, record=c.record_id, unit=c.unit_code or "—",
                                            incoming=c.incoming_version, local=c.local_version, reason=c.reason))
    return 0


def conflict_json(c) -> dict[str, Any]:
    """One conflict as `doingoai conflicts --json` prints it."""
    return {
        "id": c.id, "entity": c.entity, "record_id": c.record_id, "unit_code": c.unit_code,
        "device_id": c.device_id, "status": c.status, "resolution": c.resolution, "reason": c.reason,
        "local_version": c.local_version, "local_data": c.local_data,
        "incoming_version": c.incoming_version, "incoming_base_version": c.incoming_base_version,
        "incoming_data": c.incoming_data, "incoming_deleted": c.incoming_deleted,
        "created_at": c.created_at.isoformat() if c.created_at else None,
    }
