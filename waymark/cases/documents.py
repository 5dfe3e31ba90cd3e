"""What kind of document a file is, judged by its content, never by its name.

Pure functions over a binary file object: nothing here touches the database or the storage. Only
the first few kilobytes are read to recognise PDF, JPEG and PNG; a DOCX is opened as a ZIP (which
reads its central directory, not the whole file) and a DOC as an OLE2 compound file, whose directory
is walked sector by sector. Anything else, a Windows executable renamed report.pdf included, is
`None`.
"""

from __future__ import annotations

import hashlib
import struct
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

import filetype


@dataclass(frozen=True)
class DocumentKind:
    name: str  # as people say it: "PDF", "DOCX"
    content_type: str
    extension: str  # the one a download is given
    extensions: tuple[str, ...]  # the ones accepted as already right


PDF = DocumentKind("PDF", "application/pdf", ".pdf", (".pdf",))
DOC = DocumentKind("DOC", "application/msword", ".doc", (".doc",))
DOCX = DocumentKind(
    "DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", (".docx",)
)
JPG = DocumentKind("JPG", "image/jpeg", ".jpg", (".jpg", ".jpeg"))
PNG = DocumentKind("PNG", "image/png", ".png", (".png",))
KINDS = (PDF, DOC, DOCX, JPG, PNG)
ACCEPT = ",".join(ext for kind in KINDS for ext in kind.extensions)

HEADER_BYTES = 8192
CHUNK_BYTES = 64 * 1024
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BY_MIME = {PDF.content_type: PDF, JPG.content_type: JPG, PNG.content_type: PNG}


def identify(file: IO[bytes]) -> DocumentKind | None:
    """The kind of document `file` holds, or None if it is not one we accept. Leaves it rewound."""
    try:
        file.seek(0)
        header = file.read(HEADER_BYTES)
        if not header:
            return None
        if header.startswith(OLE2_MAGIC):
            return DOC if _is_word_97(file) else None
        if header.startswith(b"PK\x03\x04"):
            return DOCX if _is_word_2007(file) else None
        guess = filetype.guess(header)
        return _BY_MIME.get(guess.mime) if guess is not None else None
    finally:
        file.seek(0)


def sha256(file: IO[bytes]) -> str:
    """The SHA-256 of the whole file, read in chunks. Leaves it rewound."""
    digest = hashlib.sha256()
    file.seek(0)
    while chunk := file.read(CHUNK_BYTES):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def download_name(original_name: str, kind: DocumentKind | None) -> str:
    """The name a download is given: the uploader's, with the extension its content deserves."""
    name = PurePath(original_name.replace("\\", "/")).name.strip() or "document"
    name = "".join(c for c in name if c.isprintable())
    if kind is None or PurePath(name).suffix.lower() in kind.extensions:
        return name
    return f"{PurePath(name).stem or 'document'}{kind.extension}"


def kind_for_content_type(content_type: str) -> DocumentKind | None:
    return next((kind for kind in KINDS if kind.content_type == content_type), None)


def _is_word_2007(file: IO[bytes]) -> bool:
    """A DOCX is a ZIP with the Office content types and a main Word part, and no macros (that is DOCM)."""
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return False
    return "[Content_Types].xml" in names and "word/document.xml" in names and "word/vbaProject.bin" not in names


# OLE2 compound files (MS-CFB) hold Word 97-2003 documents, but also Excel, PowerPoint and Windows
# installers (MSI). Only one with a "WordDocument" stream in its directory is a DOC.
_FREE_OR_END = 0xFFFFFFFA  # sector ids at or above this are markers, not sectors
_DIFAT_IN_HEADER = 109
_DIRECTORY_ENTRY = 128
_STREAM = 2


def _is_word_97(file: IO[bytes]) -> bool:
    try:
        return _has_stream(file, "WordDocument")
    except (struct.error, OSError, ValueError):
        return False


def _has_stream(file: IO[bytes], wanted: str) -> bool:
    file.seek(0, 2)
    file_size = file.tell()
    file.seek(0)
    header = file.read(512)
    if len(header) < 512:
        return False
    sector_shift = struct.unpack_from("<H", header, 30)[0]
    if sector_shift not in (9, 12):
        return False
    sector_size = 1 << sector_shift
    max_sectors = file_size // sector_size + 1
    first_directory = struct.unpack_from("<I", header, 48)[0]
    first_difat, difat_count = struct.unpack_from("<II", header, 68)
    ids_per_sector = sector_size // 4

    def read_sector(sector: int) -> bytes:
        if sector >= max_sectors:
            raise ValueError("sector outside the file")
        file.seek((sector + 1) * sector_size)
        data = file.read(sector_size)
        if len(data) < sector_size:
            raise ValueError("truncated sector")
        return data

    # Where the FAT sectors are: 109 in the header, the rest in a chain of DIFAT sectors.
    fat_sectors = [s for s in struct.unpack_from(f"<{_DIFAT_IN_HEADER}I", header, 76) if s < _FREE_OR_END]
    sector = first_difat
    for _ in range(min(difat_count, max_sectors)):
        if sector >= _FREE_OR_END:
            break
        ids = struct.unpack(f"<{ids_per_sector}I", read_sector(sector))
        fat_sectors.extend(s for s in ids[:-1] if s < _FREE_OR_END)
        sector = ids[-1]

    def next_sector(sector: int) -> int:
        fat_index, slot = divmod(sector, ids_per_sector)
        if fat_index >= len(fat_sectors):
            raise ValueError("sector not in the FAT")
        return struct.unpack_from("<I", read_sector(fat_sectors[fat_index]), slot * 4)[0]

    sector = first_directory
    for _ in range(max_sectors):  # a bound, so a looping chain cannot hang us
        if sector >= _FREE_OR_END:
            break
        data = read_sector(sector)
        for offset in range(0, sector_size, _DIRECTORY_ENTRY):
            name_length = struct.unpack_from("<H", data, offset + 64)[0]
            if data[offset + 66] != _STREAM or not 2 <= name_length <= 64:
                continue
            name = data[offset : offset + name_length - 2].decode("utf-16-le", errors="replace")
            if name == wanted:
                return True
        sector = next_sector(sector)
    return False
