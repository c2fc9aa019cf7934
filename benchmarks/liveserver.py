"""A real `councilkg serve` on a free loopback port, for the load and fuzz runs.

Only loopback: these scripts hammer a server, so they refuse to talk to any other host.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = "127.0.0.1"


def stop_on_sigterm() -> None:
    """Turn SIGTERM (e.g. from `timeout`) into SystemExit, so the server is stopped on the way out."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


def free_port() -> int:
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def server_env(store: str, embedder: str, **extra: str) -> dict[str, str]:
    return {**os.environ, "COUNCILKG_STORE": store, "COUNCILKG_EMBEDDER": embedder,
            "COUNCILKG_HOST": LOOPBACK, "HF_HUB_OFFLINE": "1", **extra}


def build_store(store: str | None, embedder: str) -> str:
    """The store to serve: the given build folder, or the bundled corpus built into a temp dir."""
    if store:
        if not (Path(store) / "current").exists():
            raise SystemExit(f"No build in {store}; run `councilkg build --store {store}` first.")
        return store
    out = str(Path(tempfile.mkdtemp(prefix="councilkg-bench-")) / "build")
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "api", "build", "--store", out, "--json"], cwd=ROOT,
                   env=server_env(out, embedder), check=True, stdout=subprocess.DEVNULL)
    print(f"built the bundled corpus into {out} ({embedder} embedder) in "
          f"{time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return out


class ServerDidNotStart(RuntimeError):
    """The process exited, or did not answer its ready URL in time; says which and its stderr."""


@contextmanager
def running_server(command: Callable[[int], list[str]], ready: str, *, env: dict | None = None,
                   timeout: float = 90) -> Iterator[tuple[str, subprocess.Popen]]:
    """Run `command(port)` on a free loopback port until GET `ready` answers 200; yields
    (base URL, process) and stops the process on exit, whatever happened. Shared by the
    load and fuzz runs here and by the test suite (tests/conftest.py)."""
    import httpx

    port = free_port()
    proc = subprocess.Popen(command(port), cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    base = f"http://{LOOPBACK}:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if httpx.get(base + ready, timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise ServerDidNotStart(f"{command(port)[0]} did not start on {base}: "
                                        f"{proc.stderr.read().decode(errors='replace')[-2000:]}")
            time.sleep(0.2)
        yield base, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def serve(store: str, embedder: str, **env: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """Start the server, wait for /api/health, yield (base URL, process); stop it on exit."""
    def command(port: int) -> list[str]:
        return [sys.executable, "-m", "api", "serve", "--host", LOOPBACK, "--port", str(port)]

    try:
        with running_server(command, "/api/health", env=server_env(store, embedder, **env),
                            timeout=120) as (base, proc):
            yield base, proc
    except ServerDidNotStart as e:
        raise SystemExit(str(e)) from None
