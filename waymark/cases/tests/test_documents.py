"""Recognising documents by their content (waymark/cases/documents.py), whatever they are called."""

from __future__ import annotations

import hashlib
import io
import struct
import zipfile

import pytest

from waymark.cases import documents

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00" + b"\x00" * 40
JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 40
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 200
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + b"\x00" * 40


def zipped(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<xml/>")
    return buffer.getvalue()


DOCX = zipped("[Content_Types].xml", "_rels/.rels", "word/document.xml")


def _entry(name: str, kind: int) -> bytes:
    encoded = (name + "\x00").encode("utf-16-le")
    entry = bytearray(128)
    entry[: len(encoded)] = encoded
    struct.pack_into("<HBB", entry, 64, len(encoded), kind, 1)
    struct.pack_into("<III", entry, 68, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF)
    return bytes(entry)


def compound_file(*streams: str, spread: bool = False) -> bytes:
    """A minimal OLE2 compound file with 512-byte sectors: sector 0 is the FAT, the directory starts at
    sector 1 and, with `spread`, carries on in sector 2 (so reading it means following the FAT)."""
    entries = [_entry("Root Entry", 5)] + [_entry(name, 2) for name in streams]
    if spread:  # fill the first directory sector with unused entries so the streams land in the second
        entries = entries[:1] + [bytes(128)] * 3 + entries[1:]
    directory = b"".join(entries).ljust(1024 if spread else 512, b"\x00")
    header = bytearray(512)
    header[:8] = documents.OLE2_MAGIC
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIII", header, 44, 1, 1, 0, 4096, 0xFFFFFFFE)
    struct.pack_into("<III", header, 64, 0, 0xFFFFFFFE, 0)
    difat = [0] + [0xFFFFFFFF] * 108
    struct.pack_into("<109I", header, 76, *difat)
    fat = [0xFFFFFFFD, 2 if spread else 0xFFFFFFFE] + ([0xFFFFFFFE] if spread else [])
    fat_sector = struct.pack(f"<{len(fat)}I", *fat).ljust(512, b"\xff")
    return bytes(header) + fat_sector + directory


DOC = compound_file("WordDocument", "1Table", "\x05SummaryInformation")


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (PDF, documents.PDF),
        (PNG, documents.PNG),
        (JPG, documents.JPG),
        (DOCX, documents.DOCX),
        (DOC, documents.DOC),
        (compound_file("1Table", "WordDocument", spread=True), documents.DOC),
    ],
)
def test_accepted_documents_are_recognised_by_their_content(content, kind):
    assert documents.identify(io.BytesIO(content)) == kind


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(EXE, id="windows executable"),
        pytest.param(GIF, id="gif"),
        pytest.param(b"Just some text, saved as report.pdf\n", id="text"),
        pytest.param(b"", id="empty"),
        pytest.param(zipped("evil.exe", "readme.txt"), id="zip that is not a docx"),
        pytest.param(zipped("[Content_Types].xml", "word/document.xml", "word/vbaProject.bin"), id="docm"),
        pytest.param(b"PK\x03\x04" + b"\x00" * 100, id="broken zip"),
        pytest.param(compound_file("Workbook", "\x05SummaryInformation"), id="excel 97"),
        pytest.param(compound_file("\x05DigitalSignature"), id="msi-like compound file"),
        pytest.param(documents.OLE2_MAGIC + b"\x00" * 100, id="truncated compound file"),
    ],
)
def test_anything_else_is_refused(content):
    assert documents.identify(io.BytesIO(content)) is None


def test_a_compound_file_whose_directory_chain_loops_is_refused_not_hung():
    looping = bytearray(compound_file("1Table", spread=True))
    struct.pack_into("<I", looping, 512 + 8, 1)  # FAT: sector 2 points back to sector 1
    assert documents.identify(io.BytesIO(bytes(looping))) is None


def test_identify_leaves_the_file_rewound():
    file = io.BytesIO(DOCX)
    documents.identify(file)
    assert file.tell() == 0


def test_sha256_reads_the_whole_file_in_chunks():
    content = PDF + b"x" * (documents.CHUNK_BYTES * 3 + 17)
    file = io.BytesIO(content)
    assert documents.sha256(file) == hashlib.sha256(content).hexdigest()
    assert file.tell() == 0


@pytest.mark.parametrize(
    ("original", "kind", "expected"),
    [
        ("Tenancy agreement.pdf", documents.PDF, "Tenancy agreement.pdf"),
        ("photo.JPEG", documents.JPG, "photo.JPEG"),
        ("scan.png", documents.PDF, "scan.pdf"),
        ("letter", documents.DOCX, "letter.docx"),
        ("C:\\Users\\cathy\\report.pdf", documents.PDF, "report.pdf"),
        ("../../etc/passwd", None, "passwd"),
        ("", documents.PNG, "document.png"),
    ],
)
def test_download_names_carry_the_extension_the_content_deserves(original, kind, expected):
    assert documents.download_name(original, kind) == expected
