"""The docs stay true to the code: every rule code, every ``jixiao …`` command and every relative
link or repository path in README.md and docs/ is checked against the catalogue, the Typer app
and the files.  A renamed rule, a dropped option or a moved page fails here, not in a reader's
terminal.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from jixiao.cli.app import app
from jixiao.review import all_rules
from jixiao.review.catalogue import RETIRED

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]

FENCE = re.compile(r"^(```|~~~)[^\n]*\n(.*?)^\1\s*$", re.M | re.S)
CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
LINK = re.compile(r"!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
CODE = re.compile(r"\bJX\d{3}\b")
# a rule code with its kebab-case name next to it: "JX204 target-not-quantified", "`JX204` (`…`)"
CODE_AND_NAME = re.compile(r"\b(JX\d{3})\b[`*]?[ \t]{0,2}[(（]?`?([a-z][a-z0-9]*(?:-[a-z0-9]+)+)\b")
# where a command starts inside code: line start, a shell prompt, a pipe, && or ;
COMMAND = re.compile(r"(?:^|\$ |\| |&& |; )jixiao(?![\w./-])((?: [^\n#|;&]*)?)", re.M)
# a path into the repository: starts at one of its top-level folders
REPO_PATH = re.compile(r"^(?:\./)?(?:docs|tests|src|bench|scripts|\.ci)/[^\s`'\"<>|]*$")


@dataclass(frozen=True)
class Mention:
    page: Path
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}: {self.text}"


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def code_pieces(page: Path) -> list[Mention]:
    """The page's fenced blocks and inline code spans, each with the line it starts on."""
    text = page.read_text(encoding="utf-8")
    out = [Mention(page, _line(text, m.start(2)), m.group(2)) for m in FENCE.finditer(text)]
    prose = FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    out += [Mention(page, _line(prose, m.start()), m.group(2).strip()) for m in CODE_SPAN.finditer(prose)]
    return out


def commands() -> list[Mention]:
    found = []
    for page in PAGES:
        for piece in code_pieces(page):
            for m in COMMAND.finditer(piece.text):
                line = piece.line + piece.text.count("\n", 0, m.start())
                found.append(Mention(page, line, ("jixiao" + m.group(1)).strip()))
    return found


def _params(cmd: Any) -> set[str]:
    names = {"--help"}
    for p in cmd.params:
        names |= set(p.opts) | set(getattr(p, "secondary_opts", []))
    return names


def command_problem(line: str) -> str | None:
    """Why ``line`` (``jixiao sub [subsub] [args and options]``) is not a command of the app."""
    try:
        words = shlex.split(line)
    except ValueError:
        words = line.split()
    cmd: Any = app
    ctx = cmd.context_class(cmd, info_name="jixiao")
    path = ["jixiao"]
    rest = words[1:]
    while hasattr(cmd, "commands") and rest and not rest[0].startswith("-"):
        sub = cmd.get_command(ctx, rest[0])
        if sub is None:
            return f"no command `{' '.join([*path, rest[0]])}`"
        path.append(rest.pop(0))
        ctx = sub.context_class(sub, info_name=path[-1], parent=ctx)
        cmd = sub
    if len(path) == 1 and rest and rest[0] not in ("--help", "--version"):
        return "no sub-command"
    known = _params(cmd)
    for word in rest:
        if word.startswith("-") and len(word) > 1 and word.split("=", 1)[0] not in known:
            return f"`{' '.join(path)}` has no option {word.split('=', 1)[0]}"
    return None


def test_the_pages_are_found_and_hold_what_is_checked() -> None:
    assert ROOT / "docs" / "api.md" in PAGES and ROOT / "docs" / "rules" / "JX204.md" in PAGES
    assert len(commands()) >= 15  # README's session, docs/api.md, docs/cli.md, the rule pages
    assert sum(len(CODE_AND_NAME.findall(p.read_text(encoding="utf-8"))) for p in PAGES) >= 50


def test_every_rule_code_is_in_the_catalogue_under_the_name_written_next_to_it() -> None:
    rules = {r.code: r.name for r in all_rules()}
    retired = {code: why.split(" ", 1)[0] for code, why in RETIRED.items()}
    wrong = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for m in CODE.finditer(text):
            if m.group(0) not in rules and m.group(0) not in retired:
                wrong.append(f"{Mention(page, _line(text, m.start()), m.group(0))} is not a rule")
        for m in CODE_AND_NAME.finditer(text):
            code, name = m.groups()
            if name != rules.get(code, retired.get(code)):
                want = rules.get(code) or retired.get(code) or "no such rule"
                wrong.append(f"{Mention(page, _line(text, m.start()), m.group(0))}: {code} is {want}")
    assert wrong == []


def test_every_jixiao_command_in_the_docs_exists_with_its_options() -> None:
    wrong = [f"{c}: {why}" for c in commands() if (why := command_problem(c.text))]
    assert wrong == []


def test_every_relative_link_and_repository_path_points_at_a_file() -> None:
    wrong = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        prose = FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), text)
        targets = [
            (page.parent, m.group(1), _line(prose, m.start())) for m in LINK.finditer(prose)
        ]  # links: relative to their page
        for piece in code_pieces(page):  # paths in code: relative to the repository
            for word in re.split(r"\s+", piece.text):
                if REPO_PATH.match(word) and not any(ch in word for ch in "*?{"):
                    targets.append((ROOT, word, piece.line))
        for base, target, line in targets:
            if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith(("#", "/")):
                continue  # a URL, an anchor, or a path on the server (/api/v1/docs)
            path = (base / target.split("#", 1)[0]).resolve()
            if not path.exists():
                wrong.append(f"{Mention(page, line, target)} does not exist")
    assert wrong == []


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("jixiao check seed.docx --ignore JX305", None),
        ("jixiao db upgrade", None),
        ("jixiao lint seed.docx", "no command `jixiao lint`"),
        ("jixiao db migrate", "no command `jixiao db migrate`"),
        ("jixiao ingest a.docx --jsn", "`jixiao ingest` has no option --jsn"),
    ],
)
def test_the_command_check_tells_a_command_from_a_typo(line: str, problem: str | None) -> None:
    assert command_problem(line) == problem


def test_the_code_check_reads_a_code_and_the_name_beside_it() -> None:
    found = CODE_AND_NAME.findall(
        "rules (`JX204 target-not-quantified`, …) and `JX201` (`target-unparsable`)"
    )
    assert found == [("JX204", "target-not-quantified"), ("JX201", "target-unparsable")]
    assert CODE_AND_NAME.findall("| [JX101](JX101.md) | `level1-unknown` |") == []
