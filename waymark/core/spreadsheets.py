"""Reading an uploaded spreadsheet (XLSX or CSV) into rows of cells, for the imports that preview
a file before saving it (the action plan, the staff register). What the file is is judged by its
content; a file that is not one we can read gets a message saying what to do."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime
from itertools import islice
from typing import Any

MAX_UNZIPPED_BYTES = 50 * 1024 * 1024  # an XLSX that unzips to more than this is refused, not opened


class UnreadableFile(Exception):
    """The upload is not a spreadsheet we can read; the message says what to do."""


def read_table(content: bytes, *, rows: int) -> list[list[Any]]:
    """The cells of the first sheet of an XLSX, or of a CSV, as rows of values. What the file is
    is judged by its content, not its name. At most `rows` rows are read (ask for one more than
    you accept, to tell that a file has too many)."""
    if not content.strip():
        raise UnreadableFile("The selected file is empty")
    if content.startswith(b"PK\x03\x04"):
        return _read_xlsx(content, rows)
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableFile("The selected file is an old Excel (XLS) file: save it as XLSX or CSV, then upload it")
    if b"\x00" in content[:8192]:
        raise UnreadableFile("The selected file must be an XLSX or CSV file")
    return _read_csv(content, rows)


def _read_xlsx(content: bytes, rows: int) -> list[list[Any]]:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            unzipped = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise UnreadableFile("The selected file must be an XLSX or CSV file") from error
    if "xl/workbook.xml" not in names:
        raise UnreadableFile("The selected file must be an XLSX or CSV file")
    if unzipped > MAX_UNZIPPED_BYTES:
        raise UnreadableFile("The selected spreadsheet is too large: split it, then upload each part")
    from openpyxl import load_workbook  # imported here: only the import needs it

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        found = [list(row) for row in islice(sheet.iter_rows(values_only=True), rows)]
        workbook.close()
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise UnreadableFile(
            "The selected spreadsheet could not be read: open it, save it as XLSX, then try again"
        ) from error
    return found


def _read_csv(content: bytes, rows: int) -> list[list[Any]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly anything
        raise UnreadableFile("The selected file must be an XLSX or CSV file")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    return [list(row) for row in islice(csv.reader(io.StringIO(text), dialect), rows)]


def cell_text(value: Any) -> str:
    """A cell as text: dates as ISO dates, whole numbers without ".0", spaces collapsed, None as ""."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())
