"""Published files: the validated bytes as they are, plus a reproducible zip per package."""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass

from .packages import DESCRIPTOR, Package

ZIP_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Download:
    """One downloadable file of a dataset: where it is published, its size and sha256."""

    label: str
    filename: str
    mediatype: str
    data: bytes

    @property
    def size(self) -> int:
        """Size in bytes."""
        return len(self.data)

    @property
    def sha256(self) -> str:
        """Hex sha256 of the published bytes."""
        return hashlib.sha256(self.data).hexdigest()


def package_downloads(package: Package) -> list[Download]:
    """Every CSV, the descriptor and a zip of them all, read once from the validated files."""
    files = [Download(r.name, r.path, "text/csv", r.file.read_bytes())
             for r in package.resources if r.file is not None]
    descriptor = (package.root / DESCRIPTOR).read_bytes()
    files.append(Download("Data Package descriptor", DESCRIPTOR, "application/json", descriptor))
    version = package.descriptor.get("version", "0")
    archive = zip_files(package.name, [(f.filename, f.data) for f in files])
    files.append(Download("Whole package (zip)", f"{package.name}-{version}.zip",
                          "application/zip", archive))
    return files


def zip_files(folder: str, members: list[tuple[str, bytes]]) -> bytes:
    """A zip whose bytes depend only on the members: sorted, fixed dates and permissions."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(members):
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=ZIP_DATE)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def human_size(size: int) -> str:
    """Bytes for people: '1.2 KB', '3.4 MB' (decimal units)."""
    for unit, factor in (("MB", 1_000_000), ("KB", 1_000)):
        if size >= factor:
            return f"{size / factor:.1f} {unit}"
    return f"{size} bytes"
