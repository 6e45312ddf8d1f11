"""Attachment files stored once by their SHA-256 in the data folder; sealed under an encrypted register's
key (storage/sealed.py), opened into a private work folder only to be viewed."""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path

from desktop.errors import AppError
from desktop.i18n import _
from desktop.services.context import ServiceContext
from desktop.storage import sealed
from desktop.storage.files import private_copy

MAX_BYTES = 200 * 1024 * 1024


class AttachmentService:
    """Copies files in, finds them again."""

    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def store(self, source: Path, kind: str = "other") -> dict:
        """Copy `source` into the store; returns its SYNC.md attachment entry."""
        source = Path(source)
        if not source.is_file():
            raise AppError(_("Không tìm thấy tệp {path}.").format(path=source))
        size = source.stat().st_size
        if size > MAX_BYTES:
            raise AppError(_("Tệp {name} quá lớn (tối đa 200 MB).").format(name=source.name))
        digest = _sha256(source)
        target = self.path_for(digest)
        if not target.exists():
            key = self.ctx.db.key
            if key is not None:  # an encrypted register's files are sealed at rest
                sealed.write(target, source.read_bytes(), key, sealed.ATTACHMENTS)
            else:
                private_copy(source, target)  # attachments are personal data (passport copies): owner-only
        media = mimetypes.guess_type(source.name)[0] or "application/octet-stream"
        return {"sha256": digest, "name": source.name, "size": size, "media_type": media, "kind": kind}

    def path_for(self, sha256: str) -> Path:
        """Where the bytes with this hash are (or would be) kept."""
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise AppError(_("Mã tệp đính kèm không hợp lệ."))
        return self.ctx.paths.attachments / sha256

    def existing_path(self, sha256: str) -> Path:
        """The stored file, or a readable error when it is not on this machine."""
        path = self.path_for(sha256)
        if not path.exists():
            raise AppError(_("Tệp đính kèm chưa có trên máy này (có thể đến từ máy khác)."))
        return path


    def viewable_path(self, sha256: str, name: str = "") -> Path:
        """A file the system's viewer can open: the stored one, or for a sealed one its content written to
        a private work folder (removed at the next start) under its own name."""
        path = self.existing_path(sha256)
        if not sealed.is_sealed(path):
            return path
        from desktop.storage import files

        folder = files.work_dir(self.ctx.paths.tmp, "view")
        target = folder / (Path(name).name or sha256)
        target.write_bytes(sealed.read(path, self.ctx.db.key, sealed.ATTACHMENTS))
        return target


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
