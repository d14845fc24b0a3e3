"""The ``jixiao`` command group and the options several commands share.

Every command module registers on :data:`app` from here; :mod:`jixiao.cli.app` imports them
all (the command modules never import it: no circle between the group and its commands).
"""

from __future__ import annotations

import click

CONTEXT = {"show_default": True, "max_content_width": 100}

# True in the console script (app.main): the command is all its process does, and the process ends
# with it.  A command run in another process (click's test runner, a script) leaves it False.
OWN_PROCESS = False


@click.group(name="jixiao", context_settings=CONTEXT)
def app() -> None:
    """jixiao（绩效）: 读取、检查、存储、评分和导出预算绩效目标表。"""


# the database of ``jixiao db``, ``jixiao user`` and ``jixiao serve``
url_option = click.option(
    "--url", envvar="JIXIAO_DATABASE_URL", show_envvar=True, help="数据库地址（默认 sqlite:///jixiao.db）"
)
