"""The `reportedly analyze` command: formats, --out, stdin, and the error contract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .conftest import EXAMPLES

GOOD = "The minister said that the new bridge would open in June.\n"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "reportedly", *args], input=stdin, capture_output=True)


def test_json_format_prints_one_analysis(tmp_path: Path):
    f = tmp_path / "story.txt"
    f.write_text(GOOD, encoding="utf-8")
    proc = run("analyze", str(f), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["article"]["id"] == "story"
    assert data["attributions"][0]["cue"]["text"] == "said"


def test_jsonl_format_and_directory_input(tmp_path: Path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Officials told reporters that the port had reopened.\n", encoding="utf-8")
    (tmp_path / "ignored.bin").write_bytes(b"\x00\x01")
    proc = run("analyze", str(tmp_path), "--format", "jsonl", "--processes", "1")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.decode().strip().splitlines()
    assert [json.loads(line)["article"]["id"] for line in lines] == ["a", "b"]


def test_out_dir_writes_one_file_per_article_and_per_jsonl_line(tmp_path: Path):
    src = tmp_path / "feed.jsonl"
    src.write_text(
        json.dumps({"id": "x-1", "text": GOOD}) + "\n" + json.dumps({"id": "x-2", "text": GOOD, "title": "T"}) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    proc = run("analyze", str(src), str(EXAMPLES / "wire-harbor-strike.txt"), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["wire-harbor-strike.json", "x-1.json", "x-2.json"]
    assert json.loads((out / "x-2.json").read_text())["article"]["title"] == "T"


def test_stdin(tmp_path: Path):
    proc = run("analyze", "-", "--format", "json", stdin=GOOD.encode())
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["article"]["text"] == GOOD


def test_table_format_shows_sources_and_cues():
    proc = run("analyze", str(EXAMPLES / "wire-harbor-strike.txt"))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode()
    assert "denied" in out and "stance" in out


def _bad_files(tmp_path: Path) -> dict[str, Path]:
    files = {
        "empty": tmp_path / "empty.txt",
        "binary": tmp_path / "binary.txt",
        "latin1": tmp_path / "latin1.txt",
        "badjsonl": tmp_path / "bad.jsonl",
        "nohtml": tmp_path / "nothing.html",
    }
    files["empty"].write_bytes(b"   \n\n")
    files["binary"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    files["latin1"].write_bytes("Le ministre a d\xe9clar\xe9 que".encode("latin-1") + b"\xff\xfe\xfa")
    files["badjsonl"].write_text('{"id": "ok", "text": "The mayor said it would rain."}\n{not json}\n', encoding="utf-8")
    files["nohtml"].write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    return files


def test_each_bad_input_gets_one_line_naming_file_and_reason(tmp_path: Path):
    files = _bad_files(tmp_path)
    expectations = {
        "empty": "empty", "binary": "binary", "latin1": "UTF-8", "nohtml": "no main text",
    }
    for key, needle in expectations.items():
        proc = run("analyze", str(files[key]), "--format", "json")
        err = proc.stderr.decode()
        assert proc.returncode == 2, (key, err)
        assert "Traceback" not in err
        lines = [line for line in err.splitlines() if line.strip()]
        assert len(lines) == 1, (key, err)
        assert str(files[key]) in lines[0] and needle in lines[0], (key, err)


def test_partial_failure_exits_1_and_still_analyzes_the_rest(tmp_path: Path):
    files = _bad_files(tmp_path)
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    proc = run("analyze", str(files["badjsonl"]), str(good), str(files["binary"]), "--format", "jsonl")
    assert proc.returncode == 1
    ids = [json.loads(line)["article"]["id"] for line in proc.stdout.decode().splitlines()]
    assert ids == ["ok", "good"]
    err = proc.stderr.decode()
    assert "bad.jsonl#2" in err and "invalid JSON" in err
    assert "binary.txt" in err and "Traceback" not in err


def test_missing_path_and_no_inputs(tmp_path: Path):
    proc = run("analyze", str(tmp_path / "nope.txt"))
    assert proc.returncode == 2
    assert "no such file" in proc.stderr.decode()
    empty_dir = tmp_path / "empty"
    empty_dir.mkdir()
    proc = run("analyze", str(empty_dir))
    assert proc.returncode == 2
    assert "no supported input" in proc.stderr.decode()
