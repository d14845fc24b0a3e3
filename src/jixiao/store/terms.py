"""The store's closed sets of words (plain tuples, no SQLAlchemy: the CLI's help text reads them).

``STATUSES`` of a target in the review workflow (审核流程), ``ROLES`` of users, ``STAGES`` of a
project's year (目标 · 监控 · 自评), a table's ``STANDINGS`` among its stage's versions (the
current one, a pending revision 调整 of an approved or submitted target, or an old version kept
for the record) and the monitoring ``LIGHTS`` (红黄绿灯).
"""

from __future__ import annotations

STATUSES: tuple[str, ...] = ("draft", "submitted", "returned", "approved")
ROLES: tuple[str, ...] = ("admin", "reviewer", "filer", "viewer")
STAGES: tuple[str, ...] = ("target", "checkpoint", "selfeval")
STANDINGS: tuple[str, ...] = ("current", "pending", "old")
LIGHTS: tuple[str, ...] = ("green", "yellow", "red")
