"""The SSDA903 builder: the cohort of each table (903 guide, as the DfE validator's rules
encode it), the file layout, the fixed number of queries, the command line and the
returns page's zip. The DfE validator's verdict is in test_ssda903_validator.py."""

from __future__ import annotations

import ast
import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest

from opencsc.cli import main
from opencsc.returns.runs import build
from opencsc.returns.ssda903 import build_ssda903, check_year, write_ssda903
from opencsc.returns.ssda903_csv import COLUMNS, tables_for
from tests.returns.ssda903_fixture import Builder, build_903_authority, ep

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / ".venv-dfe/lib/python3.11/site-packages/lac_validator/config.py"


@pytest.fixture
def authority(db):
    return build_903_authority()


@pytest.fixture
def tables(authority):
    return build_ssda903(2026)


def rows_of(tables, table: str, key: str) -> list[dict[str, str]]:
    return [r for r in tables[table] if r["CHILD"] == key]


def case(authority, name: str) -> str:
    return authority.children[name].case_number


def test_the_903_headers_are_the_dfe_validators_own():
    if not CONFIG.exists():
        pytest.skip("the DfE 903 validator is not installed (.venv-dfe)")
    tree = ast.parse(CONFIG.read_text())
    expected = ast.literal_eval(tree.body[-1].value)  # type: ignore[attr-defined]
    assert expected == COLUMNS


def test_social_worker_episodes_from_2023_24_and_deprivation_of_liberty_from_2026_27():
    assert "SWEpisodes" not in tables_for(2023)
    assert "SWEpisodes" in tables_for(2024) and "DoLo" not in tables_for(2026)
    assert tables_for(2027)[-1] == "DoLo"


def test_a_year_not_begun_or_before_2023_24_is_refused():
    with pytest.raises(ValueError, match="too early"):
        check_year(2023, today=dt.date(2026, 1, 1))
    with pytest.raises(ValueError, match="nothing to report yet"):
        check_year(2027, today=dt.date(2026, 3, 31))
    check_year(2027, today=dt.date(2026, 4, 1))


def test_episodes_of_every_child_looked_after_in_the_year_with_the_one_open_at_1_april(
    authority, tables
):
    # The adopted child's placement for adoption began in 2024-25 and was open at 1 April.
    adopted = rows_of(tables, "Episodes", case(authority, "adopted"))
    assert [(r["DECOM"], r["RNE"], r["DEC"], r["REC"]) for r in adopted] == [
        ("01/02/2025", "P", "15/09/2025", "E12")
    ]
    # Episodes that ended before 1 April are left out; both periods of a re-entry are in.
    status = rows_of(tables, "Episodes", case(authority, "status_changes"))
    assert [(r["DECOM"], r["RNE"], r["LS"]) for r in status] == [
        ("01/11/2024", "S", "V2"),
        ("15/06/2025", "L", "C1"),
        ("20/10/2025", "L", "C2"),
    ]
    again = rows_of(tables, "Episodes", case(authority, "re_entry"))
    assert [(r["RNE"], r["REC"]) for r in again] == [("S", "E4B"), ("S", "")]
    # Care leavers not looked after this year have no episodes.
    assert rows_of(tables, "Episodes", case(authority, "leaver_19")) == []


def test_a_move_reports_its_reason_on_the_episode_it_ends(authority, tables):
    mover = rows_of(tables, "Episodes", case(authority, "mover"))
    assert [(r["RNE"], r["PLACE"], r["REC"], r["REASON_PLACE_CHANGE"]) for r in mover] == [
        ("S", "U6", "X1", "CREQB"),
        ("P", "K2", "", ""),
    ]
    assert mover[1]["PL_POST"] == "ST1 1DU" and mover[1]["URN"] == "SC100003"


def test_an_episode_ending_after_31_march_is_open_in_the_return(authority):
    b = Builder()
    kid = b.child("home_in_april", dt.date(2012, 1, 1), "M")
    b.period(kid, [ep(dt.date(2025, 5, 1), "V2", "U6", urn="SC1")], dt.date(2026, 4, 10), "E4A")
    (row,) = rows_of(build_ssda903(2026), "Episodes", kid.case_number)
    assert (row["DEC"], row["REC"]) == ("", "")


def test_no_urn_for_unregistered_placements_and_no_home_postcode_for_an_asylum_seeker(db):
    b = Builder()
    kid = b.child("at_home", dt.date(2012, 1, 1), "M", uasc=True)
    b.period(kid, [ep(dt.date(2025, 5, 1), "C2", "P1", urn="SC1", pl_post="CW5 9EL")])
    tables = build_ssda903(2026)
    (row,) = rows_of(tables, "Episodes", kid.case_number)
    assert (row["URN"], row["HOME_POST"], row["PL_POST"]) == ("", "", "CW5 9EL")
    assert rows_of(tables, "UASC", kid.case_number) == [
        {"CHILD": kid.case_number, "SEX": "M", "DOB": "01/01/2012", "DUC": ""}
    ]


def test_header_has_everyone_once_with_mothers_and_sex_codes(authority, tables):
    keys = [r["CHILD"] for r in tables["Header"]]
    assert len(keys) == len(set(keys)) == 10
    (mum,) = rows_of(tables, "Header", case(authority, "mother"))
    assert (mum["MOTHER"], mum["MC_DOB"]) == ("1", "05/01/2026")
    (girl,) = rows_of(tables, "Header", case(authority, "returned_home"))
    assert (girl["MOTHER"], girl["SEX"]) == ("0", "F")
    (boy,) = rows_of(tables, "Header", case(authority, "mover"))
    assert (boy["MOTHER"], boy["SEX"]) == ("", "M")
    # A care leaver not looked after this year: in Header, no mother status (rule 628).
    (leaver,) = rows_of(tables, "Header", case(authority, "leaver_17"))
    assert leaver["MOTHER"] == ""
    # 2023-24 and before: 1 male, 2 female.
    old = build_ssda903(2024)
    assert {r["SEX"] for r in old["Header"]} <= {"1", "2"}


def test_oc2_only_for_children_looked_after_for_12_months_at_31_march(authority, tables):
    assert {r["CHILD"] for r in tables["OC2"]} == {
        case(authority, "open_all_year"),
        case(authority, "status_changes"),
    }
    (row,) = rows_of(tables, "OC2", case(authority, "open_all_year"))
    assert (row["CONVICTED"], row["SDQ_SCORE"], row["HEALTH_ASSESSMENT"]) == ("1", "14", "1")


def test_oc3_for_care_leavers_around_their_17th_to_21st_birthdays(authority, tables):
    assert rows_of(tables, "OC3", case(authority, "leaver_19")) == [
        {
            "CHILD": case(authority, "leaver_19"),
            "DOB": "01/10/2006",
            "IN_TOUCH": "YES",
            "ACTIV": "F2",
            "ACCOM": "Z1",
        }
    ]
    assert rows_of(tables, "OC3", case(authority, "leaver_17"))[0]["ACCOM"] == "B1"
    assert len(tables["OC3"]) == 2
    # 2024-25: the 19-year-old left care on their 18th birthday (rule 1016: no OC3 yet),
    # the 17-year-old's 17th birthday is not in that year.
    assert build_ssda903(2025)["OC3"] == []


def test_no_oc3_while_looked_after_on_the_birthday_or_without_13_weeks_since_14(db):
    b = Builder()
    still = b.child("in_care_at_17", dt.date(2008, 10, 1), "M")
    b.period(still, [ep(dt.date(2022, 1, 1), "V2", "U6", urn="SC1")])
    brief = b.child("brief_stay", dt.date(2008, 10, 1), "F")
    b.period(brief, [ep(dt.date(2024, 11, 1), "V2", "U6", urn="SC1")], dt.date(2024, 12, 1), "E4A")
    adopted = b.child("adopted_long_ago", dt.date(2008, 10, 1), "F")
    b.period(adopted, [ep(dt.date(2022, 10, 1), "E1", "A6", urn="SC1")], dt.date(2024, 3, 1), "E11")
    assert build_ssda903(2026)["OC3"] == []


def test_a_care_leaver_out_of_touch_has_activity_and_accommodation_0(db):
    b = Builder()
    kid = b.child("lost_touch", dt.date(2007, 7, 1), "M")
    b.period(kid, [ep(dt.date(2021, 1, 1), "C2", "U4", urn="SC1")], dt.date(2025, 1, 1), "E13")
    b.leaver(kid, dt.date(2024, 12, 1), "F2", "B")  # contact long before the 18th birthday
    (row,) = build_ssda903(2026)["OC3"]
    assert (row["IN_TOUCH"], row["ACTIV"], row["ACCOM"]) == ("NO", "0", "0")


def test_ad1_and_placed_adoption(authority, tables):
    key = case(authority, "adopted")
    assert rows_of(tables, "AD1", key) == [
        {
            "CHILD": key,
            "DOB": "10/01/2023",
            "DATE_INT": "01/03/2024",
            "DATE_MATCH": "10/01/2025",
            "FOSTER_CARE": "0",
            "NB_ADOPTR": "2",
            "SEX_ADOPTR": "MF",
            "LS_ADOPTR": "L11",
        }
    ]
    assert [r["DATE_PLACED"] for r in tables["PlacedAdoption"]] == ["01/03/2024"]
    assert len(tables["AD1"]) == 1
    # Last year the decision was reported, but no adoption yet.
    last = build_ssda903(2025)
    assert last["AD1"] == [] and len(last["PlacedAdoption"]) == 1


def test_prev_perm_for_children_who_started_to_be_looked_after_in_the_year(authority, tables):
    assert {r["CHILD"] for r in tables["PrevPerm"]} == {
        case(authority, k) for k in ("mover", "returned_home", "re_entry", "uasc", "mother")
    }
    assert {(r["PREV_PERM"], r["LA_PERM"], r["DATE_PERM"]) for r in tables["PrevPerm"]} == {
        ("Z1", "", "")
    }


def test_missing_episodes_in_the_year(authority, tables):
    assert [(r["MISSING"], r["MIS_START"], r["MIS_END"]) for r in tables["Missing"]] == [
        ("M", "01/09/2025", "03/09/2025"),
        ("A", "20/03/2026", "22/03/2026"),
    ]


def test_reviews_in_the_year(authority, tables):
    key = case(authority, "open_all_year")
    assert [r["REVIEW"] for r in rows_of(tables, "Reviews", key)] == ["01/06/2025", "01/12/2025"]
    assert {r["REVIEW_CODE"] for r in rows_of(tables, "Reviews", case(authority, "adopted"))} == {
        "PN0"
    }


def test_social_worker_episodes_from_allocations_with_the_reason_for_each_change(authority, tables):
    key = case(authority, "open_all_year")
    worker, other = authority.worker.pk, authority.other_worker.pk
    assert [
        (r["SW_ID"], r["SW_DECOM"], r["SW_DEC"], r["SW_REASON"])
        for r in rows_of(tables, "SWEpisodes", key)
    ] == [
        (f"XX{other:06d}", "01/10/2024", "30/09/2025", "LEFTRL"),
        (f"XX{worker:06d}", "01/10/2025", "", "MANAGE"),
    ]
    # Care began after the allocation: the episode starts with care (rule SW12).
    again = rows_of(tables, "SWEpisodes", case(authority, "re_entry"))
    assert [(r["SW_DECOM"], r["SW_DEC"], r["SW_REASON"]) for r in again] == [
        ("01/11/2025", "", "FCONTA")
    ]
    # A child who left care keeps the worker who held the case then, open (rule SW17).
    home = rows_of(tables, "SWEpisodes", case(authority, "returned_home"))
    assert [(r["SW_DECOM"], r["SW_DEC"]) for r in home] == [("20/04/2025", "")]
    assert rows_of(tables, "SWEpisodes", case(authority, "leaver_19")) == []


def test_the_903_is_read_in_a_fixed_number_of_queries(authority, django_assert_num_queries):
    with django_assert_num_queries(18) as first:
        build_ssda903(2026)
    b = Builder()
    for i in range(5):
        kid = b.child(f"extra_{i}", dt.date(2010, 1, 1 + i), "F")
        b.period(kid, [ep(dt.date(2025, 5, 1), "V2", "U6", urn="SC1")])
        b.allocate(kid, b.worker, dt.date(2025, 5, 1))
        b.missing(kid, "M", dt.date(2025, 6, 1), dt.date(2025, 6, 2))
    with django_assert_num_queries(len(first.captured_queries)):
        assert len(build_ssda903(2026)["Header"]) == 15


def test_write_ssda903_writes_one_csv_per_table_with_dd_mm_yyyy_dates(authority, tmp_path):
    paths = write_ssda903(2026, tmp_path)
    assert [p.name for p in paths] == [f"{t}_2026.csv" for t in tables_for(2026)]
    episodes = (tmp_path / "Episodes_2026.csv").read_text().splitlines()
    assert episodes[0] == ",".join(COLUMNS["Episodes"])
    assert "01/05/2021" in episodes[1]


def test_the_returns_page_gets_a_zip_of_the_csv_files(authority):
    content, name = build("ssda903", year=2026, as_of=None, progress=None)
    assert name == "SSDA903_2026.zip"
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert sorted(archive.namelist()) == sorted(f"{t}_2026.csv" for t in tables_for(2026))


def test_opencsc_return_903_writes_the_files(authority, tmp_path, capsys):
    out = tmp_path / "903"
    assert main(["return", "903", "--year", "2026", "--out", str(out)]) == 0
    assert "SSDA903 2025-26: 10 children, 11 files" in capsys.readouterr().out
    assert (out / "Header_2026.csv").exists()


def test_opencsc_return_903_refuses_a_year_not_begun(db, tmp_path, capsys):
    assert main(["return", "903", "--year", "2099", "--out", str(tmp_path)]) == 2
    assert "nothing to report yet" in capsys.readouterr().err
    file = tmp_path / "a-file"
    file.write_text("")
    assert main(["return", "903", "--year", "2026", "--out", str(file)]) == 2
    assert "not a folder" in capsys.readouterr().err
