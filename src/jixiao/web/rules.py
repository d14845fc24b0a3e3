"""规则说明 pages: the rule catalogue (``/rules``) and the page of one rule (``/rules/JXnnn``).

A rule's page is the Markdown :func:`jixiao.review.render.rule_markdown` makes from the rule
object — the page ``docs/rules/<CODE>.md`` is generated from and ``jixiao rules CODE`` prints —
turned into HTML by markdown-it-py, so the web, the CLI and the docs say the same thing in the
same words.  The catalogue lists the rule objects' own fields.  Every finding badge links here
(the ``rule_badge`` macro of ``_rule.html``).

The pages explain a public catalogue, so they are open without signing in; a signed-in user
also gets the navigation and a link to the tables with findings of the rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlencode

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markdown_it import MarkdownIt

from ..errors import NotFound
from ..review import Rule, all_rules, get_rule
from ..review.catalogue import DIMENSIONS_EN
from ..review.render import rule_markdown
from ..server.auth import Auth, get_auth
from ..text import bi
from . import i18n
from .render import lang_of, page
from .session import web_router

router = web_router()
i18n.add_messages(
    {
        "nav.rules": ("规则", "Rules"),
        "rules.title": ("审核规则目录", "Review rules"),
        "rules.intro": (
            "每条规则都有稳定代码、说明、示例、修改方法和依据条文；与 docs/rules 及 jixiao rules 的内容出自同一规则对象。",
            "Each rule has a stable code, an explanation, an example, the fix and its grounds; "
            "the same rule objects give docs/rules and jixiao rules.",
        ),
        "rules.search_placeholder": ("代码、代码前缀、名称或说明", "Code, code prefix, name or title"),
        "rules.code": ("代码", "Code"),
        "rules.name": ("名称", "Name"),
        "rules.severity": ("默认级别", "Default severity"),
        "rules.dimension": ("审核维度", "Dimension"),
        "rules.summary": ("说明", "What it finds"),
        "rules.off": ("默认关闭", "off by default"),
        "rules.back": ("返回规则目录", "All rules"),
        "rules.tables": ("查看有此问题的表", "Tables with this finding"),
        "sev.error": ("错误", "Error"),
        "sev.warning": ("警告", "Warning"),
        "sev.info": ("提示", "Remark"),
    }
)
_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")


@dataclass(frozen=True, slots=True)
class RuleRow:
    """One line of the catalogue page."""

    code: str
    name: str
    severity: str
    dimension: str
    summary: str
    enabled: bool


def catalogue_rows(lang: str, q: str = "") -> list[RuleRow]:
    """The catalogue in code order; ``q`` keeps the rules whose code starts with it or whose
    name or title (either language) contains it."""
    needle = q.strip().lower()
    rows = []
    for r in all_rules():
        if needle and not (
            r.code.lower().startswith(needle)
            or needle in r.name
            or needle in r.title.lower()
            or needle in r.title_en.lower()
        ):
            continue
        rows.append(
            RuleRow(
                code=r.code,
                name=r.name,
                severity=r.severity,
                dimension=DIMENSIONS_EN[r.dimension] if lang == "en" else r.dimension,
                summary=r.title_en if lang == "en" else r.title,
                enabled=r.default_enabled,
            )
        )
    return rows


@lru_cache(maxsize=512)
def rule_html(code: str, lang: str) -> str:
    """The rule's page as HTML: :func:`rule_markdown` rendered (rule text is escaped; no raw HTML)."""
    html: str = _MARKDOWN.render(rule_markdown(_find(code), lang))
    return html


def _find(code: str) -> Rule:
    r = get_rule(code)
    if r is None or r.code != code.strip().upper():  # a name is not a page address
        raise NotFound(bi(f"没有规则 {code}", f"no rule {code}"))
    return r


@router.get("/rules", response_class=HTMLResponse)
async def catalogue(request: Request, q: str = "", auth: Auth = Depends(get_auth)) -> Response:
    lang = lang_of(request)
    return page(
        request,
        "rules/index.html",
        {"rules": catalogue_rows(lang, q), "q": q},
        user=auth.user,
        csrf=auth.csrf or "",
        active="rules",
    )


@router.get("/rules/{code}", response_class=HTMLResponse)
async def rule_page(request: Request, code: str, auth: Auth = Depends(get_auth)) -> Response:
    r = _find(code)
    if code != r.code:  # /rules/jx204 → /rules/JX204
        return RedirectResponse(f"/rules/{r.code}", status_code=308)
    return page(
        request,
        "rules/rule.html",
        {
            "rule": r,
            "body": rule_html(r.code, lang_of(request)),
            "tables_url": "/projects?" + urlencode({"rule": r.code}),
        },
        user=auth.user,
        csrf=auth.csrf or "",
        active="rules",
    )
