"""``jixiao serve --workers N``: worker processes, each with its own listening socket.

Imported by the ``serve`` command when it starts more than one worker (sockets, signals and
multiprocessing are no business of the other commands).
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.process
import signal
import socket
import time
from typing import TYPE_CHECKING

from click.exceptions import Exit

from .output import err

if TYPE_CHECKING:
    import uvicorn


def run_workers(host: str, port: int, workers: int, log_level: str) -> None:
    """Several uvicorn workers, each accepting on its own ``SO_REUSEPORT`` socket.

    uvicorn's own supervisor gives every worker one shared listening socket, and a worker
    that wakes up first accepts every pending connection: 50 keep-alive clients end up
    split 10/40 and the busy worker's clients wait four times as long (bench/bench_api.py).
    With one socket per worker the kernel spreads new connections over the workers by
    hash.  Without ``SO_REUSEPORT`` (Windows) uvicorn's supervisor is used.
    """
    if not hasattr(socket, "SO_REUSEPORT"):  # pragma: no cover - not on Linux
        _uvicorn_workers(host, port, workers, log_level)
        return
    family = _family(host)
    try:  # a plain bind fails when anything listens there: never join another server's group
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        err().print(f"[red]错误[/red] 无法监听 {host}:{port}: {exc.strerror}", highlight=False)
        raise Exit(2) from exc
    Supervisor(workers, (host, port, log_level)).run()


class Supervisor:
    """Start ``n`` worker processes, restart one that dies, stop them all on SIGINT/SIGTERM."""

    def __init__(self, n: int, args: tuple[str, int, str]) -> None:
        self.args = args
        self.context = multiprocessing.get_context("spawn")
        self.procs: list[multiprocessing.process.BaseProcess] = [self.start() for _ in range(n)]
        self.stopping = False
        self.failures = 0

    def start(self) -> multiprocessing.process.BaseProcess:
        proc = self.context.Process(target=worker, args=self.args, daemon=False)
        proc.start()
        return proc

    def stop(self, *_: object) -> None:
        self.stopping = True

    def run(self) -> None:
        signal.signal(signal.SIGINT, self.stop)
        signal.signal(signal.SIGTERM, self.stop)
        try:
            while not self.stopping:
                time.sleep(0.5)
                for i, proc in enumerate(self.procs):
                    if proc.is_alive() or self.stopping:
                        continue
                    self.failures += 1
                    if self.failures > 10 * len(self.procs):
                        err().print("[red]错误[/red] 工作进程反复退出", highlight=False)
                        self.stopping = True
                        break
                    err().print(
                        f"工作进程 {proc.pid} 已退出（退出码 {proc.exitcode}），重新启动", highlight=False
                    )
                    self.procs[i] = self.start()
        finally:
            for proc in self.procs:
                if proc.is_alive():
                    proc.terminate()
            for proc in self.procs:
                proc.join(timeout=30)


def worker(host: str, port: int, log_level: str) -> None:  # pragma: no cover - runs in a child
    """One worker process: its own listening socket in the port's SO_REUSEPORT group."""
    import uvicorn

    from ..server.settings import Settings

    # proto IPPROTO_TCP, so the event loop turns Nagle's algorithm off (see _uvicorn_workers)
    sock = socket.socket(_family(host), socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    config = uvicorn.Config(
        "jixiao.app:factory", factory=True, log_level=log_level, **Settings.from_env().proxy_options()
    )
    uvicorn.Server(config).run(sockets=[sock])


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def _uvicorn_workers(host: str, port: int, workers: int, log_level: str) -> None:  # pragma: no cover
    """uvicorn's multi-worker supervisor, with a listening socket that keeps TCP_NODELAY.

    uvicorn binds the shared socket with ``proto`` 0, so asyncio leaves Nagle's algorithm on
    for accepted connections and every keep-alive response waits ~40 ms for a delayed ACK
    (Kludex/uvicorn#3149).  Re-wrapping the descriptor lets the kernel report IPPROTO_TCP.
    """
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    from ..server.settings import Settings

    config = uvicorn.Config(
        "jixiao.app:factory",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        **Settings.from_env().proxy_options(),
    )
    sock = listening_socket(config)
    try:
        Multiprocess(config, sockets=[sock]).run()
    except KeyboardInterrupt:
        pass


def listening_socket(config: uvicorn.Config) -> socket.socket:
    """``config.bind_socket()``, re-wrapped so the socket reports IPPROTO_TCP (see _uvicorn_workers)."""
    bound = config.bind_socket()
    sock = socket.socket(fileno=bound.detach())
    sock.set_inheritable(True)
    return sock
