"""Notifications by mail (邮件通知): optional, off until SMTP is set up.

=============================  ===============================================  ==========
variable                       meaning                                          default
=============================  ===============================================  ==========
JIXIAO_SMTP_HOST               the SMTP server; unset: no mail is sent          —
JIXIAO_SMTP_PORT               its port                                         25
JIXIAO_SMTP_USER               user name to log in with (and the password in    —
JIXIAO_SMTP_PASSWORD           JIXIAO_SMTP_PASSWORD)
JIXIAO_SMTP_STARTTLS           1: upgrade the connection with STARTTLS          0
JIXIAO_MAIL_FROM               the sender address                               jixiao@localhost
JIXIAO_BASE_URL                the web UI's address, for links in the mail      —
=============================  ===============================================  ==========

:func:`deliver` sends the notifications not mailed yet to the users who have a mail
address (:meth:`jixiao.store.Store.claim_mail` marks them, so no two workers send one); the
actions that notify (transitions, comments) call it.  A mail server that fails is logged;
the in-app notification stays.  The mail is in Chinese with its English below.
"""

from __future__ import annotations

import logging
import os
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from ..env import env_int
from ..store import Store

log = logging.getLogger("jixiao.mail")

_KIND = {
    "submit": ("提交了", "submitted"),
    "return": ("退回了", "returned"),
    "approve": ("批复通过了", "approved"),
    "reopen": ("重新打开了", "reopened"),
    "comment": ("评论了", "commented on"),
}


@dataclass(frozen=True, slots=True)
class MailSettings:
    host: str
    port: int = 25
    user: str | None = None
    password: str | None = None
    starttls: bool = False
    sender: str = "jixiao@localhost"
    base_url: str | None = None

    @classmethod
    def from_env(cls) -> MailSettings | None:
        """The settings from the environment; None when no SMTP host is set (mail is off)."""
        host = os.environ.get("JIXIAO_SMTP_HOST", "").strip()
        if not host:
            return None
        return cls(
            host=host,
            port=env_int("JIXIAO_SMTP_PORT", 25),
            user=os.environ.get("JIXIAO_SMTP_USER") or None,
            password=os.environ.get("JIXIAO_SMTP_PASSWORD") or None,
            starttls=os.environ.get("JIXIAO_SMTP_STARTTLS", "0") not in ("", "0", "false", "no"),
            sender=os.environ.get("JIXIAO_MAIL_FROM") or "jixiao@localhost",
            base_url=(os.environ.get("JIXIAO_BASE_URL") or "").rstrip("/") or None,
        )


def message_of(item: dict[str, Any], settings: MailSettings) -> EmailMessage:
    """The mail of one notification (:meth:`Store.claim_mail` item)."""
    zh, en = _KIND.get(item["kind"], (item["kind"], item["kind"]))
    project = item.get("project") or f"#{item.get('project_id')}"
    actor = item.get("actor") or "jixiao"
    msg = EmailMessage()
    msg["From"] = settings.sender
    msg["To"] = item["email"]
    msg["Subject"] = f"[jixiao] {actor} {zh}「{project}」"
    lines = [f"{actor} {zh}「{project}」。", ""]
    if item.get("comment"):
        lines += [f"意见：{item['comment']}", ""]
    link = f"{settings.base_url}/projects/{item['project_id']}" if settings.base_url else None
    if link:
        lines += [link, ""]
    lines += ["--", f"{actor} {en} “{project}”."]
    if item.get("comment"):
        lines.append(f"Comment: {item['comment']}")
    msg.set_content("\n".join(lines))
    return msg


def deliver(store: Store, settings: MailSettings | None = None) -> int:
    """Send the notifications not mailed yet; returns how many mails went out (0 when mail
    is off)."""
    settings = settings or MailSettings.from_env()
    if settings is None:
        return 0
    items = store.claim_mail()
    if not items:
        return 0
    sent = 0
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=10) as smtp:
            if settings.starttls:
                smtp.starttls()
            if settings.user:
                smtp.login(settings.user, settings.password or "")
            for item in items:
                smtp.send_message(message_of(item, settings))
                sent += 1
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("mail not sent (%d of %d): %s", len(items) - sent, len(items), exc)
    return sent
