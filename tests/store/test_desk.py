"""The reviewer's desk and the admin's data in the store, on SQLite and PostgreSQL: the review
queue, the conversation and who is notified, what changed between versions, the audit log,
accounts — and notifications by mail through a real SMTP server (aiosmtpd) the test starts."""

from __future__ import annotations

import copy
import socket
import time
from datetime import date, timedelta

import pytest

from jixiao import actions
from jixiao.changes import table_changes
from jixiao.errors import ConfigError, PermissionDenied
from jixiao.model import header_paths, indicator_paths
from jixiao.store import AuditFilter


def _project(store, make_doc, unit="302101", **over) -> int:
    placed = store.import_document(make_doc(unit, **over))
    return int(store.get_table(placed.table_ids[0])["project_id"])


def test_the_queue_lists_submitted_targets_oldest_first_and_filters(store, users, make_doc):
    first = _project(store, make_doc, "302101", year=2025)
    second = _project(store, make_doc, "999001", year=2024)
    draft = _project(store, make_doc, "302101", year=2023)
    actions.transition_project(store, users["admin"], second, "submit")
    time.sleep(0.01)
    actions.transition_project(store, users["admin"], first, "submit")
    items, total = store.review_queue(users["reviewer"])
    assert total == 2 and [i["project_id"] for i in items] == [second, first]  # oldest first
    assert draft not in [i["project_id"] for i in items]
    assert [i["project_id"] for i in store.review_queue(users["reviewer"], unit="302101")[0]] == [first]
    assert [i["project_id"] for i in store.review_queue(users["reviewer"], year=2024)[0]] == [second]
    assert store.badge_counts(users["reviewer"])["queue"] == 2
    with pytest.raises(PermissionDenied):
        store.review_queue(users["filer"])
    actions.transition_project(store, users["reviewer"], first, "approve")
    assert store.badge_counts(users["reviewer"])["queue"] == 1


def test_the_conversation_and_who_is_told(store, users, make_doc):
    pid = _project(store, make_doc)
    other_unit = _project(store, make_doc, "999001")
    actions.transition_project(store, users["filer"], pid, "submit", "请审核")
    # a submission tells the reviewers, not the filer who made it
    assert store.badge_counts(users["reviewer"])["unread"] == 1
    assert store.badge_counts(users["filer"])["unread"] == 0
    actions.transition_project(store, users["reviewer"], pid, "return", "请量化")
    items, total, unread = store.notifications(users["filer"])
    assert (total, unread) == (1, 1) and items[0]["kind"] == "return" and items[0]["comment"] == "请量化"
    assert store.badge_counts(users["other"])["unread"] == 0  # another unit's filer hears nothing
    # the filer's reply goes to the reviewer who took part
    actions.comment(store, users["filer"], pid, "已修改")
    assert store.notifications(users["reviewer"], unread=True)[0][0]["kind"] == "comment"
    assert [(e["action"], e["comment"], e["role"]) for e in store.thread(pid, users["viewer"])] == [
        ("submit", "请审核", "filer"),
        ("return", "请量化", "reviewer"),
        ("comment", "已修改", "filer"),
    ]
    # a viewer reads but does not write; a filer of another unit does not see it at all
    with pytest.raises(PermissionDenied):
        actions.comment(store, users["viewer"], pid, "路过")
    with pytest.raises(Exception, match="不存在"):
        store.thread(pid, users["other"])
    with pytest.raises(ConfigError):
        actions.comment(store, users["filer"], pid, "   ")
    assert actions.mark_read(store, users["filer"], project_id=pid) == 1
    assert store.badge_counts(users["filer"])["unread"] == 0
    assert other_unit != pid


def test_history_gives_what_changed_field_by_field(store, users, make_doc):
    pid = _project(store, make_doc)
    tid = store.get_project(pid)["target"]["id"]
    detail = store.get_table(tid)
    data = copy.deepcopy(detail["table"])
    old = data["indicators"][0]["target"]["text"]
    data["indicators"][0]["target"] = {
        "text": "≥99人次",
        "op": "≥",
        "number": 99,
        "unit": "人次",
        "qualitative": False,
    }
    removed = data["indicators"].pop()
    data["funds"]["total"] = 60
    actions.update_table(store, users["filer"], tid, data, detail["version"])
    update = [h for h in store.project_history(pid, users["filer"]) if h["action"] == "update"][0]
    changes = {(c["what"], c["change"], c["field"]): c for c in update["changes"]}
    assert changes[("indicator", "changed", "target")]["before"] == old
    assert changes[("indicator", "changed", "target")]["after"] == "≥99人次"
    assert changes[("indicator", "removed", None)]["indicator"] == removed["name"]
    assert changes[("field", "changed", "funds.total")]["after"] == 60


def test_table_changes_pairs_indicators_by_name_then_by_place() -> None:
    before = {
        "title": "甲",
        "indicators": [{"name": "培训人次", "level2": "数量指标", "target": {"text": "≥10人次"}}],
    }
    after = {
        "title": "甲",
        "indicators": [{"name": "培训人数", "level2": "数量指标", "target": {"text": "≥10人次"}}],
    }
    (renamed,) = table_changes(before, after)
    assert (renamed.change, renamed.field, renamed.before, renamed.after) == (
        "changed",
        "name",
        "培训人次",
        "培训人数",
    )
    assert table_changes(before, before) == [] and table_changes(None, after) == []


def test_table_changes_name_every_field_the_model_has() -> None:
    """A changed 主管部门, 资金分值 or 偏差原因类别 is in the history like any other field, and
    the web has a label for each field the history can name."""
    from jixiao.web.views import FIELD_LABELS

    before = {
        "department": {"code": "302", "name": "甲局"},
        "funds": {"weight": 10},
        "indicators": [{"name": "培训人次", "reason_category": "经费保障"}],
    }
    after = {
        "department": {"code": "302", "name": "乙局"},
        "funds": {"weight": 20},
        "indicators": [{"name": "培训人次", "reason_category": "制度保障"}],
    }
    assert [(c.field, c.before, c.after) for c in table_changes(before, after)] == [
        ("department.name", "甲局", "乙局"),
        ("funds.weight", 10, 20),
        ("reason_category", "经费保障", "制度保障"),
    ]
    assert not [p for p in (*header_paths(), *indicator_paths()) if p not in FIELD_LABELS]


def test_accounts_and_the_audit_log(store, users):
    admin = users["admin"]
    actions.add_user(store, admin, "newbie", "password-new-1", "filer", "302101", "newbie@example.org")
    actions.update_user(store, admin, "newbie", role="viewer", unit_code="")
    actions.reset_password(store, admin, "newbie", "password-new-2")
    assert store.authenticate("newbie", "password-new-2").role == "viewer"
    actions.update_user(store, admin, "newbie", active=False)
    with pytest.raises(PermissionDenied):
        store.authenticate("newbie", "password-new-2")
    account = next(a for a in store.accounts(admin) if a["username"] == "newbie")
    assert (account["active"], account["email"], account["role"]) == (False, "newbie@example.org", "viewer")
    log, total = store.audit_log(admin, AuditFilter(user="admin"))
    assert [e["action"] for e in log][:4] == ["user_update", "user_password", "user_update", "user_add"]
    assert total >= 4 and all(e["user"] == "admin" for e in log)
    only, _ = store.audit_log(admin, AuditFilter(action="user_password"))
    assert [e["subject"]["user"] for e in only] == ["newbie"]
    tomorrow = date.today() + timedelta(days=2)
    assert store.audit_log(admin, AuditFilter(since=tomorrow))[1] == 0
    with pytest.raises(PermissionDenied):
        store.audit_log(users["reviewer"])
    with pytest.raises(ConfigError):
        actions.update_user(store, admin, "admin", active=False)  # not one's own account
    with pytest.raises(ConfigError):
        actions.update_user(store, admin, "newbie", email="not an address")
    saved = actions.save_unit(store, admin, "777001", "新单位")
    assert saved == {"code": "777001", "name": "新单位"}
    assert any(u["code"] == "777001" and u["name"] == "新单位" for u in store.unit_rows(admin))


def test_notifications_are_mailed_when_smtp_is_set_up(store, users, make_doc, monkeypatch):
    aiosmtpd = pytest.importorskip("aiosmtpd.controller")

    class Inbox:
        def __init__(self) -> None:
            self.mails: list[tuple[list[str], str]] = []

        async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
            self.mails.append((list(envelope.rcpt_tos), envelope.content.decode("utf-8", "replace")))
            return "250 OK"

    inbox = Inbox()
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    controller = aiosmtpd.Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        pid = _project(store, make_doc)
        actions.update_user(store, users["admin"], "filer", email="filer@example.org")
        # off by default: nothing is sent, nothing is marked
        monkeypatch.delenv("JIXIAO_SMTP_HOST", raising=False)
        actions.transition_project(store, users["filer"], pid, "submit")
        assert inbox.mails == []
        monkeypatch.setenv("JIXIAO_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("JIXIAO_SMTP_PORT", str(port))
        actions.transition_project(store, users["reviewer"], pid, "return", "请补充满意度指标")
        assert len(inbox.mails) == 1
        (to, body) = inbox.mails[0]
        assert to == ["filer@example.org"] and "reviewer" in body
        assert actions.mail.deliver(store) == 0  # each notification is mailed once
    finally:
        controller.stop()
