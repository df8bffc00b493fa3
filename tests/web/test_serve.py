"""`reportedly serve` as a real process: loopback binding, Host check, read-only, bad store."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
from typer.testing import CliRunner

from reportedly.cli import app
from tests.web._browser import free_port

SRC = Path(__file__).resolve().parents[2] / "src"


def test_serve_refuses_a_missing_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "absent.db")])
    assert result.exit_code == 2
    assert "no corpus store" in result.output


def test_serve_binds_loopback_and_checks_host(store_db: Path) -> None:
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(SRC))
    env.pop("REPORTEDLY_TOKEN", None)
    proc = subprocess.Popen([sys.executable, "-m", "reportedly", "serve", "--db", str(store_db), "--port", str(port)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                resp = httpx.get(base + "/index.json", timeout=2)
                break
            except httpx.HTTPError:
                assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        assert resp.status_code == 200 and resp.json()["counts"]["articles"] >= 3
        assert httpx.get(base + "/", headers={"host": "rebound.example"}).status_code == 400
        assert httpx.get(base + "/", headers={"host": f"localhost:{port}"}).status_code == 200
        assert "server" not in httpx.get(base + "/").headers  # no version banner
        assert httpx.post(base + "/articles.json", json={"text": "x"}).status_code == 403
        # bound to loopback only: the listening socket is 127.0.0.1
        out = subprocess.run(["ss", "-ltn"], capture_output=True, text=True).stdout if _has("ss") else ""
        if out:
            assert f"127.0.0.1:{port}" in out and f"0.0.0.0:{port}" not in out
    finally:
        proc.terminate()
        proc.wait(15)
    assert b"read-only" in (proc.stderr.read() if proc.stderr else b"")


def _has(cmd: str) -> bool:
    from shutil import which

    return which(cmd) is not None
