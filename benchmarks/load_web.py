"""Load test of ``reportedly serve`` on loopback: concurrent clients, bounded in time and requests.

    python benchmarks/load_web.py [--db out/web-bench.db] [--clients 8] [--seconds 15] [--max-requests 20000]

Starts ``reportedly serve`` as a child process bound to 127.0.0.1 (never another interface),
runs ``--clients`` threads that each request a mix of pages (overview, lists, article views,
actor pages, claim searches, audit and .json twins) over keep-alive connections, then reports
requests/s, latency percentiles and every failed request (non-200 status or connection error).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _web_store import build_store, shared_ok  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_up(base: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            if httpx.get(base + "/index.json", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError("server did not come up")


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] if values else float("nan")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", default="out/web-bench.db")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=15.0)
    ap.add_argument("--max-requests", type=int, default=20_000)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if not shared_ok():
        print("../shared (PolNeAR dev, seed) is not available", file=sys.stderr)
        return 2
    if not (1 <= args.clients <= 64 and 0 < args.seconds <= 120):
        print("bounded load only: 1-64 clients, at most 120 seconds", file=sys.stderr)
        return 2
    import httpx

    db = Path(args.db).resolve()
    build_store(db)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("REPORTEDLY_TOKEN", None)  # read-only server
    proc = subprocess.Popen([sys.executable, "-m", "reportedly", "serve", "--db", str(db), "--host", "127.0.0.1",
                             "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_up(base, proc)
        # measure the warm server: the framing audit's background process (started with the
        # server) must not share the CPUs with the load
        t0 = time.monotonic()
        while httpx.get(base + "/audit.json", timeout=30).json().get("framing_status") != "current":
            if time.monotonic() - t0 > 120:
                break
            time.sleep(0.5)
        overview = httpx.get(base + "/index.json").json()
        arts = [a["id"] for a in httpx.get(base + "/articles.json", params={"page": 1}).json()["articles"]]
        actors = [s["id"] for s in overview["top_speakers"]]
        urls = (["/", "/index.json", "/articles", "/articles.json?q=Trump", "/claims", "/claims?q=debate",
                 "/claims.json?q=tax", "/audit", "/audit.json"]
                + [f"/articles/{a}" for a in arts] + [f"/articles/{a}.json" for a in arts[:10]]
                + [f"/actors/{a}" for a in actors])
        latencies: list[float] = []
        failures: list[str] = []
        lock = threading.Lock()
        stop_at = time.monotonic() + args.seconds
        count = [0]

        def worker(seed: int) -> None:
            rnd = random.Random(seed)
            with httpx.Client(base_url=base, timeout=30) as client:
                while time.monotonic() < stop_at:
                    with lock:
                        if count[0] >= args.max_requests:
                            return
                        count[0] += 1
                    url = rnd.choice(urls)
                    t0 = time.perf_counter()
                    try:
                        resp = client.get(url)
                        ok = resp.status_code == 200 and len(resp.content) > 0
                        err = f"{url}: HTTP {resp.status_code}"
                    except httpx.HTTPError as exc:
                        ok, err = False, f"{url}: {type(exc).__name__}"
                    ms = (time.perf_counter() - t0) * 1000
                    with lock:
                        latencies.append(ms)
                        if not ok:
                            failures.append(err)

        started = time.perf_counter()
        threads = [threading.Thread(target=worker, args=(i,)) for i in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
    result = {"clients": args.clients, "seconds": round(elapsed, 2), "requests": len(latencies),
              "requests_per_s": round(len(latencies) / elapsed, 1), "p50_ms": round(_pct(latencies, 0.5), 1),
              "p95_ms": round(_pct(latencies, 0.95), 1), "p99_ms": round(_pct(latencies, 0.99), 1),
              "max_ms": round(max(latencies, default=0), 1), "failures": len(failures), "failed": failures[:20],
              "distinct_urls": len(urls), "cpu_count": os.cpu_count(), "load_average_1min": round(os.getloadavg()[0], 2)}
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"{result['requests']} requests from {args.clients} clients in {result['seconds']} s on loopback "
              f"({result['distinct_urls']} distinct URLs, {os.cpu_count()} CPUs, load average "
              f"{result['load_average_1min']} including this test)")
        print(f"throughput {result['requests_per_s']} requests/s; latency p50 {result['p50_ms']} ms, "
              f"p95 {result['p95_ms']} ms, p99 {result['p99_ms']} ms, max {result['max_ms']} ms")
        print(f"failures: {result['failures']}" + ("" if not failures else " e.g. " + "; ".join(failures[:5])))
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
