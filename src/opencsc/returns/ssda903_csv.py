"""The SSDA903 CSV files: one per table, with exactly the header row the DfE's validator
recognises them by (lac_validator/config.py), dates dd/mm/yyyy."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

__all__ = ["COLUMNS", "tables_for", "csv_bytes", "zip_bytes", "write_files"]

COLUMNS: dict[str, list[str]] = {
    "Header": ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
    "Episodes": [
        "CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
        "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN",
    ],
    "Reviews": ["CHILD", "DOB", "REVIEW", "REVIEW_CODE"],
    "UASC": ["CHILD", "SEX", "DOB", "DUC"],
    "OC2": [
        "CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK",
        "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE",
        "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED",
    ],
    "OC3": ["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"],
    "AD1": [
        "CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR",
        "LS_ADOPTR",
    ],
    "PlacedAdoption": [
        "CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED",
    ],
    "PrevPerm": ["CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"],
    "Missing": ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"],
    "SWEpisodes": ["CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"],
    "DoLo": ["CHILD", "DOB", "DOLO_START", "DOLO_END"],
}  # fmt: skip

#: The first year of each table that has not always been collected.
FIRST_YEAR = {"SWEpisodes": 2024, "DoLo": 2027}


def tables_for(year: int) -> list[str]:
    """The tables of the return for the year ending 31 March ``year``: social worker
    episodes from 2023-24, deprivation of liberty orders from 2026-27."""
    return [name for name in COLUMNS if FIRST_YEAR.get(name, 0) <= year]


def csv_bytes(name: str, rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS[name], lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _file_name(name: str, year: int) -> str:
    return f"{name}_{year}.csv"


def write_files(tables: dict[str, list[dict[str, str]]], year: int, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, rows in tables.items():
        path = out_dir / _file_name(name, year)
        path.write_bytes(csv_bytes(name, rows))
        paths.append(path)
    return paths


def zip_bytes(tables: dict[str, list[dict[str, str]]], year: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, rows in tables.items():
            archive.writestr(_file_name(name, year), csv_bytes(name, rows))
    return buffer.getvalue()
