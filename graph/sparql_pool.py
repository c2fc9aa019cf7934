"""Worker processes that run SPARQL queries with a time limit and a fair share per client.

A pyoxigraph query cannot be interrupted from another thread, so each query runs in a
worker process (a small pool, spawned lazily, with one spare kept warm) that opens the store
read-only; a query past its time limit gets its worker killed and replaced, and the caller
gets QueryTimeout. One client may run at most `per_client` queries at once (more get 429),
and the last `reserve` workers are kept for clients with no query running, so runaway
queries from one address never make everyone else wait for the time limit.
(Measured in benchmarks/sparql.py: the round trip through a worker costs well under a
millisecond beyond the query itself.)
"""
from __future__ import annotations

import atexit
import logging
import multiprocessing as mp
import os
import threading
import time
from pathlib import Path
from typing import Sequence

import pyoxigraph as ox

from ontology.errors import CouncilKGError, QueryRejected, QueryTimeout

from .sparql_result import Result, execute

log = logging.getLogger(__name__)

SPAWN_TIMEOUT_S = 60.0
LONG_QUERY_S = 0.25  # a query running longer than this yields the CPU to others
LONG_QUERY_NICE = 15


def _worker(conn) -> None:
    """Worker loop: open stores read-only (one per generation path) and answer queries."""
    stores: dict[str, ox.Store] = {}
    conn.send(("ready", None))
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        if msg is None:
            return
        store_dir, query, max_rows, default_graphs, named_graphs = msg
        try:
            if store_dir not in stores:
                stores.clear()  # a new generation was swapped in; let the old one go
                stores[store_dir] = ox.Store.read_only(store_dir)
            r = execute(stores[store_dir], query, max_rows, default_graphs, named_graphs)
            conn.send(("ok", r))
        except SyntaxError as exc:
            conn.send(("syntax", str(exc)))
        except Exception as exc:  # reported to the client, the worker lives on
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


class Gate:
    """Who may start a query now: at most `per_client` running queries per client (more get
    429 at once), and the last `reserve` of `size` slots only for a client with none running,
    so one address's runaway queries cannot make every other address wait for the time limit.
    `client=None` marks the server's own bounded lookups (entity pages, VoID), which may use
    the reserve too."""

    def __init__(self, size: int, per_client: int, reserve: int = 1):
        self.size, self.per_client, self.reserve = size, per_client, reserve
        self._busy = 0
        self._by_client: dict[str, int] = {}
        self._cond = threading.Condition()

    def _may_start(self, client: str | None) -> bool:
        if self._busy < self.size - self.reserve:
            return True
        return self._busy < self.size and (client is None or not self._by_client.get(client))

    def acquire(self, client: str | None, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        with self._cond:
            if client is not None and self._by_client.get(client, 0) >= self.per_client:
                exc = QueryRejected(f"{self.per_client} queries from your address are already "
                                    f"running; wait for one to finish, then try again.")
                exc.http_status = 429
                raise exc
            while not self._may_start(client):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise QueryTimeout(f"All {self.size} query slots stayed busy for {timeout:g} s; "
                                       f"try again shortly.")
                self._cond.wait(left)
            self._busy += 1
            if client is not None:
                self._by_client[client] = self._by_client.get(client, 0) + 1

    def release(self, client: str | None) -> None:
        with self._cond:
            self._busy -= 1
            if client is not None:
                left = self._by_client.get(client, 1) - 1
                if left:
                    self._by_client[client] = left
                else:
                    self._by_client.pop(client, None)
            self._cond.notify_all()


def _demote(proc) -> bool:
    """Lower a long-running worker's CPU priority (nice 15), so short queries, page requests
    and new workers keep the CPU while runaway queries wait for their time limit: on a
    2-core machine with four runaway queries a new worker otherwise takes ~1.8 s to start."""
    try:
        os.setpriority(os.PRIO_PROCESS, proc.pid, LONG_QUERY_NICE)
        return True
    except (AttributeError, OSError):  # not on this platform, or the process just ended
        return False


def _promote(proc) -> bool:
    try:
        os.setpriority(os.PRIO_PROCESS, proc.pid, 0)
        return True
    except (AttributeError, OSError):
        return False


class QueryPool:
    """Up to `size` worker processes, each running one query at a time; see Gate for who
    may use them. One idle worker is kept ready so a query rarely waits for a process start
    (about 0.3 s idle, more on a machine busy with runaway queries)."""

    def __init__(self, size: int = 6, per_client: int | None = None, reserve: int = 1):
        self.size = size
        self.gate = Gate(size, per_client or max(1, size - reserve), reserve)
        self._ctx = mp.get_context("spawn")  # no fork of a threaded server
        self._idle: list[tuple] = []
        self._lock = threading.Lock()
        self._workers = 0  # alive or starting
        self._filling = False
        self._closed = False
        self._all: list = []

    def _spawn(self) -> tuple:
        parent, child = self._ctx.Pipe()
        proc = self._ctx.Process(target=_worker, args=(child,), daemon=True, name="councilkg-sparql")
        proc.start()
        child.close()
        with self._lock:
            self._all = [p for p in self._all if p.is_alive()] + [proc]
        # The time limit is for the query, not for starting Python: wait for the worker.
        if not parent.poll(SPAWN_TIMEOUT_S) or parent.recv()[0] != "ready":
            proc.kill()
            raise CouncilKGError(f"A SPARQL worker did not start within {SPAWN_TIMEOUT_S} s; "
                                 f"the machine may be overloaded. Try again.")
        return proc, parent

    def _fill(self) -> None:
        """Start workers one after another in the background until there are `size`, so
        a query finds one waiting even while others run away (a start costs ~0.3 s of CPU
        when idle, over a second on a machine busy with runaway queries)."""
        with self._lock:
            if self._filling or self._workers >= self.size:
                return
            self._filling = True
        threading.Thread(target=self._fill_loop, daemon=True, name="councilkg-sparql-fill").start()

    def _spawn_counted(self) -> tuple:
        """Spawn a worker already counted in `_workers`; uncount it if the start fails."""
        try:
            return self._spawn()
        except Exception:
            with self._lock:
                self._workers -= 1
            raise

    def _fill_loop(self) -> None:
        try:
            while True:
                with self._lock:
                    if self._workers >= self.size or self._closed:
                        return
                    self._workers += 1
                try:
                    worker = self._spawn_counted()
                except Exception:  # the next query spawns its own and says why
                    with self._lock:
                        closed = self._closed or not threading.main_thread().is_alive()
                    if not closed:  # at exit the fill stops quietly
                        log.warning("Could not start a SPARQL worker", exc_info=True)
                    return
                with self._lock:
                    self._idle.append(worker)
        finally:
            with self._lock:
                self._filling = False

    def warm(self) -> None:
        """Start one worker now (so the first query does not wait) and the rest behind it."""
        with self._lock:
            need = not self._idle and self._workers < self.size
            if need:
                self._workers += 1
        if need:
            worker = self._spawn_counted()
            with self._lock:
                self._idle.append(worker)
        self._fill()

    def _take(self) -> tuple:
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker[0].is_alive():
                    break
                self._workers -= 1
            else:
                worker = None
                self._workers += 1
        if worker is None:
            worker = self._spawn_counted()
        self._fill()
        return worker

    def run(self, store_dir: Path, query: str, *, timeout: float, max_rows: int,
            default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = (),
            client: str | None = None) -> Result:
        t0 = time.monotonic()
        self.gate.acquire(client, timeout)
        try:
            worker = self._take()
            proc, conn = worker
            conn.send((str(store_dir), query, max_rows, tuple(default_graphs), tuple(named_graphs)))
            demoted = not conn.poll(min(LONG_QUERY_S, timeout)) and _demote(proc)
            if not conn.poll(max(0.05, timeout - (time.monotonic() - t0))):
                self._kill(worker)
                self._fill()
                raise QueryTimeout(f"The query ran past the {timeout:g} s time limit and was "
                                   f"stopped (COUNCILKG_QUERY_TIMEOUT_S). Narrow it, or add "
                                   f"LIMIT, or run it on a dump locally.")
            try:
                status, payload = conn.recv()
            except EOFError:
                self._kill(worker)
                raise CouncilKGError("The query worker died while running the query.") from None
            if demoted and not _promote(proc):  # no right to raise it again: retire it
                self._kill(worker)
                self._fill()
            else:
                with self._lock:
                    self._idle.append(worker)
        finally:
            self.gate.release(client)
        if status == "syntax":
            raise QueryRejected(f"SPARQL syntax error: {payload}")
        if status == "error":
            raise QueryRejected(f"The query failed: {payload}")
        return payload

    def _kill(self, worker) -> None:
        proc, conn = worker
        proc.kill()
        proc.join(timeout=5)
        conn.close()
        with self._lock:
            self._workers -= 1

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
            procs, self._all = self._all, []
            self._workers = 0
        for _proc, conn in idle:
            try:
                conn.send(None)
            except OSError:
                pass
        for proc in procs:
            proc.join(timeout=1)
            if proc.is_alive():
                proc.kill()


_default_pool: QueryPool | None = None
_pool_lock = threading.Lock()


def default_pool() -> QueryPool:
    """The process-wide pool (one per server process)."""
    global _default_pool
    with _pool_lock:
        if _default_pool is None:
            _default_pool = QueryPool()
            atexit.register(_default_pool.close)
        return _default_pool
