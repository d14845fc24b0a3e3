"""``jixiao worker``: run queued imports (PostgreSQL), on this machine or any other that
reaches the database.

Uploads to ``jixiao serve`` are queued in the database (:mod:`jixiao.jobs.queue`); every
worker takes jobs from the queue, ``--processes`` at a time, each import in a process of its
own that is replaced after ``JIXIAO_JOBS_PER_PROCESS`` imports.  A worker that dies mid-job
(killed, its machine gone) stops sending its heartbeat; after ``--stalled-after`` seconds
another worker queues its job again.  Stop a worker with Ctrl-C or SIGTERM: it finishes the
imports it started.  SQLite has no queue: ``jixiao serve`` imports with its own processes.
"""

from __future__ import annotations

import click
from click.exceptions import Exit

from .group import app, url_option
from .output import err


@app.command()
@url_option
@click.option(
    "--processes",
    default=1,
    type=click.IntRange(min=1),
    envvar="JIXIAO_IMPORT_PROCESSES",
    help="同时进行的导入数（每个一个进程）",
)
@click.option(
    "--jobs-per-process",
    default=1,
    type=click.IntRange(min=1),
    envvar="JIXIAO_JOBS_PER_PROCESS",
    help="导入进程处理几个任务后更换",
)
@click.option(
    "--stalled-after",
    default=30.0,
    type=click.FloatRange(min=1.0),
    help="其他 worker 无心跳多少秒后接手其任务",
)
@click.option("--name", default=None, help="worker 名称（日志中显示）")
def worker(
    url: str | None, processes: int, jobs_per_process: int, stalled_after: float, name: str | None
) -> None:
    """处理排队的导入任务（PostgreSQL）。Run queued imports."""
    import asyncio
    import logging

    from ..errors import JixiaoError
    from ..jobs.pool import ImportPool
    from ..jobs.queue import ImportQueue
    from ..store import Store
    from ..store.engine import database_url
    from ..text import bi

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    try:
        url = database_url(url)
        with Store(url) as store:
            if store.dialect != "postgresql":
                raise JixiaoError(
                    bi(
                        "jixiao worker 需要 PostgreSQL；SQLite 数据库的导入由 jixiao serve 自己的进程完成",
                        "jixiao worker needs PostgreSQL; with SQLite, jixiao serve runs the imports",
                    )
                )
    except JixiaoError as exc:
        err().print(f"[red]错误[/red] {exc}", highlight=False)
        raise Exit(2) from exc
    pool = ImportPool(url, processes, jobs_per_process)
    queue = ImportQueue(url, pool)

    async def run() -> None:
        await queue.open()
        try:
            await queue.work(processes, stalled_after=stalled_after, install_signal_handlers=True, name=name)
        finally:
            await queue.close()

    err().print(f"jixiao worker: {processes} 个导入进程，等待任务…", highlight=False)
    try:
        asyncio.run(run())
    finally:
        pool.close()
