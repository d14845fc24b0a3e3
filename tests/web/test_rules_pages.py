"""Rule pages (/rules, /rules/JXnnn), finding badges that link to them, the favicon, and the
import result of a file with no table — over HTTP against the real app (SQLite and PostgreSQL
where the store is involved)."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from jixiao import actions
from jixiao.app import create_app
from jixiao.model import Document
from jixiao.review import all_rules, get_rule
from jixiao.server.settings import Settings
from jixiao.store import TableFilter
from jixiao.web.rules import rule_html

with warnings.catch_warnings():  # starlette 1.0 asks for httpx2, which is not installed; httpx works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def article(html: str) -> str:
    m = re.search(r"<article[^>]*data-rule-page[^>]*>\n(.*)</article>", html, re.S)
    assert m, "no rule article on the page"
    return m.group(1).strip()


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture(scope="module")
def anon(tmp_path_factory: pytest.TempPathFactory):
    """The app on a fresh SQLite database, with nobody signed in."""
    url = f"sqlite:///{tmp_path_factory.mktemp('rules') / 'rules.db'}"
    with TestClient(create_app(url, settings=Settings(database_url=url))) as client:
        yield client


@pytest.fixture
def signed_in(store, users):
    """signed_in(role) → a client of the app on the store (SQLite and PostgreSQL) with that
    role's bearer token, which the pages accept like a session."""
    client = TestClient(create_app(store=store, settings=Settings(database_url=store.url)))
    client.__enter__()

    def make(role: str) -> TestClient:
        r = client.post("/api/v1/auth/token", json={"username": role, "password": f"password-{role}"})
        client.headers["Authorization"] = f"Bearer {r.json()['token']}"
        return client

    yield make
    client.__exit__(None, None, None)


def test_rule_jx204_answers_with_its_name_and_citation(anon) -> None:
    r = anon.get("/rules/JX204?lang=zh")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    rule = get_rule("JX204")
    assert rule is not None and rule.citations
    page = text_of(r.text)
    assert "JX204 target-not-quantified" in page and rule.title in page
    assert "依据条文 (citation)" in page
    for c in rule.citations:
        assert c.quote in page and c.url in r.text
    for section in (rule.rationale, rule.example, rule.fix):  # why, example, fix
        assert section in page
    assert "默认级别" in page and "warning" in page and "审核维度" in page and rule.dimension in page


@pytest.mark.parametrize("code", [r.code for r in all_rules()])
def test_every_rule_page_says_what_its_docs_page_says(code: str) -> None:
    """The web page is the committed docs/rules/<code>.md, rendered: one source, no second copy."""
    docs = (ROOT / "docs" / "rules" / f"{code}.md").read_text(encoding="utf-8")
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    assert rule_html(code, "zh") == md.render(docs)


def test_a_rule_page_in_english_has_english_around_the_rules_own_text(anon) -> None:
    r = anon.get("/rules/JX204?lang=en")
    assert r.status_code == 200
    body = text_of(article(r.text))
    for heading in ("Message", "Why (rationale, in Chinese)", "Example", "How to fix", "Citation"):
        assert heading in body
    assert "Target not quantified" in body and "default severity" in body and "relevance" in body
    chrome = r.text.replace(article(r.text), "")
    chrome = text_of(re.sub(r"<a [^>]*data-lang-switch[^>]*>中文</a>", "", chrome))  # the way back to Chinese
    assert CJK.findall(chrome) == [], chrome  # all other Chinese on the page is the rule's own text
    assert r.cookies.get("jx_lang") == "en"


def test_the_catalogue_lists_every_rule_and_filters_by_code_prefix(anon) -> None:
    page = anon.get("/rules?lang=zh").text
    listed = re.findall(r'<tr data-rule="(JX\d{3})">', page)
    assert listed == [r.code for r in all_rules()]
    for code in listed:
        assert f'href="/rules/{code}"' in page
    assert "target-not-quantified" in page and "指标值未量化" in page
    only = re.findall(r'<tr data-rule="(JX\d{3})">', anon.get("/rules?q=JX2").text)
    assert only and all(c.startswith("JX2") for c in only)
    assert re.findall(r'<tr data-rule="(JX\d{3})">', anon.get("/rules?q=not-quantified").text) == ["JX204"]
    english = anon.get("/rules?lang=en").text
    assert "Target not quantified" in english and "relevance" in english


def test_an_unknown_rule_is_a_404_page_and_a_lower_case_code_redirects(anon) -> None:
    r = anon.get("/rules/JX999")
    assert r.status_code == 404 and "data-error" in r.text
    assert anon.get("/rules/target-not-quantified").status_code == 404  # a name is not an address
    r = anon.get("/rules/jx204", follow_redirects=False)
    assert r.status_code == 308 and r.headers["location"] == "/rules/JX204"


def test_favicon_answers_and_every_page_links_the_icon(anon) -> None:
    r = anon.get("/favicon.ico")
    assert r.status_code == 200 and r.headers["content-type"] == "image/vnd.microsoft.icon"
    assert r.content[:4] == b"\x00\x00\x01\x00"  # an ICO header
    assert '<link rel="icon" href="/static/favicon.svg"' in anon.get("/login").text
    assert '<link rel="icon" href="/static/favicon.svg"' in anon.get("/rules").text
    svg = anon.get("/static/favicon.svg")
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")


def test_finding_badges_on_a_table_page_link_to_their_rules(signed_in, store, users, seed) -> None:
    client = signed_in("filer")
    assert "/rules" in client.get("/").text  # the navigation has the catalogue
    actions.import_document(store, users["filer"], Document.from_dict(seed))
    items, _ = store.list_tables(TableFilter(q="市外办履职保障经费"))
    table_id = items[0]["id"]
    page = client.get(f"/tables/{table_id}").text
    links = re.findall(r'<a class="(?:badge|mark) sev-\w+ rule-link" href="/rules/(JX\d{3})"', page)
    codes = set(re.findall(r'<li data-code="(JX\d{3})"', page))
    assert "JX204" in codes and codes <= set(links)
    assert not re.search(r'<span class="(?:badge|mark) sev-\w+">JX\d{3}</span>', page)  # none left plain
    rule = client.get("/rules/JX204").text
    assert "data-rule-tables" in rule and "/projects?rule=JX204" in rule  # signed in: tables with it


def test_a_file_with_no_table_is_a_warning_not_a_success(signed_in) -> None:
    client = signed_in("filer")
    prose = "这份文件只有说明文字。\n没有任何绩效目标表。\n".encode()
    r = client.post("/import", files={"file": ("说明.txt", prose, "text/plain")}, headers={"HX-Request": "1"})
    assert r.status_code == 200
    assert 'data-result="empty"' in r.text and "sev-warning" in r.text
    assert "未导入：文件中没有找到绩效表" in r.text and 'href="/rules/JX901"' in r.text
    assert "已导入 0 张表" not in r.text and "state-approved" not in r.text
    page = client.post("/import?lang=en", files={"file": ("note.txt", b"Just some words.\n")})
    assert 'data-status="empty"' in page.text and "Nothing imported" in page.text
