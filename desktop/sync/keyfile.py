"""The province's key file (SYNC.md § Security): what a unit needs before its first bundle.

The province exports one small JSON file (`doingoai keys export`, Tiếp nhận dữ liệu › Thiết bị và
khóa › Xuất tệp khóa…) and hands it to its units by USB stick or e-mail. It holds the province
device's id and signing public key (the unit then trusts the province's acks) and its age recipient
(the unit's bundles are encrypted to it). The file itself is not secret and not signed: what makes it
trustworthy is the fingerprint of the signing key, which the unit reads on its screen and the
province reads over the phone (the fingerprint in the file is only checked to agree with the key).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from desktop.domain.messages import tr
from desktop.errors import AppError
from desktop.sync import crypto, keys
from desktop.sync.bundle import loads_strict, utc_instant

FORMAT = "doingoai-province-keys"
FORMAT_VERSION = 1
SUFFIX = ".dnk"
MAX_BYTES = 64 << 10


@dataclass(frozen=True)
class ProvinceKeys:
    """The province's keys as a unit loads them."""

    unit_code: str
    unit_name: str
    device_id: str
    public_key: str      # base64 raw Ed25519
    age_recipient: str   # age1…
    fingerprint: str     # of public_key, computed here (never taken from the file)


def file_name(unit_code: str) -> str:
    """`khoa-tinh-DL.dnk`: a name an officer recognises on a USB stick."""
    safe = "".join(c if c.isalnum() or c in "-." else "-" for c in unit_code) or "tinh"
    return f"khoa-tinh-{safe}{SUFFIX}"


def write_key_file(path: Path, province: ProvinceKeys) -> Path:
    """Write the key file atomically; returns its path."""
    body = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "created_at": utc_instant(),
        "unit_code": province.unit_code, "unit_name": province.unit_name, "device_id": province.device_id,
        "public_key": province.public_key, "age_recipient": province.age_recipient,
        "fingerprint": province.fingerprint,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    part.write_text(json.dumps(body, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(part, path)
    return path


def read_key_file(path: Path) -> ProvinceKeys:
    """Read and check a key file; AppError naming the file and what is wrong."""
    path = Path(path)
    try:
        raw = path.read_bytes()[: MAX_BYTES + 1]
    except OSError as exc:
        raise AppError(tr("Không đọc được tệp khóa {path}: {error}").format(
            path=path, error=exc.strerror or exc)) from exc
    if len(raw) > MAX_BYTES:
        raise _bad(path, tr("tệp quá lớn, không phải tệp khóa"))
    try:
        body = loads_strict(raw.decode("utf-8").removeprefix("\ufeff"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _bad(path, tr("không phải tệp JSON hợp lệ")) from None
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        raise _bad(path, tr("không phải tệp khóa của Sổ Đối ngoại"))
    if not isinstance(body.get("format_version"), int) or body["format_version"] > FORMAT_VERSION:
        raise _bad(path, tr("tệp do phiên bản mới hơn tạo ra; hãy cập nhật phần mềm"))
    return _checked(path, body)


def _checked(path: Path, body: dict) -> ProvinceKeys:
    texts = {k: body.get(k) for k in ("unit_code", "unit_name", "device_id", "public_key", "age_recipient")}
    if not all(isinstance(v, str) and 0 < len(v) <= 200 for v in texts.values()):
        raise _bad(path, tr("thiếu mã đơn vị, mã máy, khóa ký hoặc khóa mã hóa"))
    try:
        raw_key = keys.public_key_bytes(texts["public_key"])
    except ValueError:
        raise _bad(path, tr("khóa ký của tỉnh không hợp lệ")) from None
    if not crypto.is_recipient(texts["age_recipient"]):
        raise _bad(path, tr("khóa mã hóa (age1…) của tỉnh không hợp lệ"))
    fingerprint = keys.fingerprint(raw_key)
    if body.get("fingerprint") is not None and body["fingerprint"] != fingerprint:
        raise _bad(path, tr("dấu vân tay ghi trong tệp không khớp với khóa ký: tệp đã bị sửa"))
    return ProvinceKeys(texts["unit_code"], texts["unit_name"], texts["device_id"].lower(), texts["public_key"],
                        texts["age_recipient"], fingerprint)


def _bad(path: Path, what: str) -> AppError:
    return AppError(tr("Tệp {name} không dùng được làm tệp khóa của tỉnh: {what}. Hãy xin tỉnh gửi lại tệp "
                       "khóa (.dnk).").format(name=path.name, what=what))


__all__ = ["ProvinceKeys", "read_key_file", "write_key_file", "file_name", "SUFFIX", "FORMAT"]
