"""Project identity and "the same table" (jixiao.store.identity, jixiao.compare.content_key)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from jixiao.compare import content_key
from jixiao.ingest import ingest_file
from jixiao.model import table_to_dict
from jixiao.store.identity import DEPARTMENT_KEY, identify, normalize_name, stage_of

SEED = Path(__file__).resolve().parents[1] / "corpus" / "seed"


@pytest.mark.parametrize(
    ("printed", "key"),
    [
        ("外事工作经费", "外事工作经费"),
        (" 外事　工作 经费 ", "外事工作经费"),  # spaces, a full-width space
        ("市外办一般债券利息－2025年债券利息", "市外办一般债券利息2025年债券利息"),  # full-width dash
        ("市外办一般债券利息-2025年债券利息", "市外办一般债券利息2025年债券利息"),
        ("（2024一般债）天津市因公通行证", "2024一般债天津市因公通行证"),
        ("[2025001] 外事工作经费", "外事工作经费"),  # a code prefix
        ("51000021R000000019951工资性支出", "工资性支出"),
        ("2021年交通局寨山石坪", "2021年交通局寨山石坪"),  # a year is not a code
    ],
)
def test_a_project_name_is_normalised_into_its_key(printed, key):
    assert normalize_name(printed) == key


def test_identity_is_unit_year_and_key():
    table = table_to_dict(ingest_file(SEED / "seed.docx").tables[0])
    ident = identify(table)
    assert (ident.unit_key, ident.year, ident.key, ident.kind) == (
        "302101",
        None,
        "市外办履职保障经费",
        "project",
    )
    coded = copy.deepcopy(table)
    coded["project"]["code"] = "P-001"
    assert identify(coded).key == "#p001"  # a printed code wins over the name
    dept = dict(table, kind="department_target", project=None)
    assert (identify(dept).key, identify(dept).kind, identify(dept).name) == (
        DEPARTMENT_KEY,
        "department",
        "天津市人民政府外事办公室",
    )
    nameless = dict(table, unit={"code": None, "name": "某单位"}, year=2025)
    assert (identify(nameless).unit_key, identify(nameless).year) == ("某单位", 2025)
    assert [stage_of(k) for k in ("project_target", "department_selfeval", "monitoring")] == [
        "target",
        "selfeval",
        "checkpoint",
    ]


def test_the_seed_is_the_same_content_in_every_format():
    keys = {
        name: [content_key(table_to_dict(t)) for t in ingest_file(SEED / name).tables]
        for name in ("seed.docx", "seed.pdf", "seed.html", "seed.xlsx", "000_ef15d747a5f69479.txt")
    }
    first = keys["seed.docx"]
    assert len(first) == 6 and len(set(first)) == 6
    assert all(k == first for k in keys.values()), {n: k == first for n, k in keys.items()}


def test_what_the_same_content_tolerates_and_what_it_does_not():
    table = table_to_dict(ingest_file(SEED / "seed.docx").tables[1])
    key = content_key(table)
    spaced = copy.deepcopy(table)
    spaced["indicators"][0]["name"] = " ".join(spaced["indicators"][0]["name"])  # CJK spaces (PDF)
    spaced["indicators"][0]["source"] = "p1:表1:R7C1"
    spaced["indicators"][0]["category1"] = None
    spaced["funds"]["total"] = float(spaced["funds"]["total"]) + 1e-12
    spaced.pop("as_of", None)  # a field the table was stored without
    assert content_key(spaced) == key
    changed = copy.deepcopy(table)
    changed["indicators"][0]["target"]["text"] = "2个"
    assert content_key(changed) != key
    reordered = copy.deepcopy(table)
    reordered["indicators"].reverse()
    assert content_key(reordered) != key
