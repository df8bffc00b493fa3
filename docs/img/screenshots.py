"""Regenerate the README / docs screenshots with headless Chromium over the benchmark store.

    python docs/img/screenshots.py [--db out/web-bench.db]

Needs ../shared (PolNeAR dev + the seed, for the store), Debian chromium + chromium-driver and
selenium.  Writes docs/img/{overview,article,actor,claims,audit}.png.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))
from _web_store import build_store  # noqa: E402
from tests.web._browser import chrome, free_port  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default=str(ROOT / "out" / "web-bench.db"))
    args = ap.parse_args()
    import httpx

    db = Path(args.db).resolve()
    build_store(db)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    proc = subprocess.Popen([sys.executable, "-m", "reportedly", "serve", "--db", str(db), "--port", str(port)],
                            env=env, stderr=subprocess.DEVNULL)
    driver = None
    try:
        for _ in range(100):
            try:
                if httpx.get(base + "/audit.json", timeout=2).json().get("framing_status") == "current":
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        overview = httpx.get(base + "/index.json").json()
        # the most quoted speaker among those who also take part in events
        top = [s["id"] for s in overview["top_speakers"]]
        actor = max(top, key=lambda i: (min(len(httpx.get(f"{base}/actors/{i}.json").json()["events"]), 5), -top.index(i)))
        driver = chrome(size="1280,860")
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.by import By

        for name, path in [("overview", "/"), ("article", "/articles/cairo-talks-impasse"),
                           ("actor", f"/actors/{actor}"), ("claims", "/claims?q=debate"), ("audit", "/audit")]:
            driver.get(base + path)
            if name == "article":
                pieces = driver.find_elements(By.CSS_SELECTOR, "#article-text .hl.r-cue[data-a]")
                ActionChains(driver).move_to_element(pieces[1]).perform()
                time.sleep(0.3)
            driver.save_screenshot(str(OUT / f"{name}.png"))
            print(f"wrote docs/img/{name}.png")
    finally:
        if driver is not None:
            driver.quit()
        proc.send_signal(signal.SIGINT)
        proc.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
