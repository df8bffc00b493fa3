"""Hostile and odd input through the CLI, in-process (one shared pipeline), plus the CLI error
contract: one line per failed input naming it, no traceback, exit 2 when nothing could be
analysed, 1 when some inputs failed, and the other inputs still analysed.

The catalogue of kinds is the one benchmarks/hostile_inputs.py runs end to end in separate
processes (where it also measures time and peak memory).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reportedly import analyze_text, validate_analysis
from reportedly.cli import app
from reportedly.nlp import load_pipeline

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("hostile_inputs", ROOT / "benchmarks" / "hostile_inputs.py")
assert _spec and _spec.loader
hostile = importlib.util.module_from_spec(_spec)
sys.modules["hostile_inputs"] = hostile
_spec.loader.exec_module(hostile)

STORY, STORY2 = hostile.STORY, hostile.STORY2
# too slow or too big for the unit suite (seconds of spaCy on megabytes): the benchmark runs them
_BENCHMARK_ONLY = ("all size limits raised", "stopped mid-pipeline")


@pytest.fixture(scope="module", autouse=True)
def _pipeline() -> None:
    load_pipeline()  # loaded once for the module; the CLI runs in-process


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> list:  # type: ignore[type-arg]
    d = tmp_path_factory.mktemp("hostile")
    built = hostile.build_cases(d, big_mb=20)
    yield built
    hostile._restore(d)


def _invoke(args: list[str], stdin: bytes | None = None, env: dict[str, str | None] | None = None):  # type: ignore[no-untyped-def]
    # --timeout is handed to the HTML extraction through REPORTEDLY_TIMEOUT: listing the key
    # makes the runner restore it afterwards, so one test's limit never leaks into the next
    return CliRunner().invoke(app, ["analyze", *args], input=stdin, env={"REPORTEDLY_TIMEOUT": None, **(env or {})})


def test_catalogue_has_at_least_30_kinds(cases: list) -> None:  # type: ignore[type-arg]
    kinds = [c.kind for c in cases]
    assert len(set(kinds)) == len(kinds) >= 30


def _ids(cases: list) -> list[str]:  # type: ignore[type-arg]
    return [c.kind for c in cases]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "kind" in metafunc.fixturenames:
        import tempfile

        with tempfile.TemporaryDirectory() as d:
            kinds = [c.kind for c in hostile.build_cases(Path(d), big_mb=1)]
            hostile._restore(Path(d))
        kinds = [k.replace("1 MB", "20 MB") for k in kinds]
        metafunc.parametrize("kind", [k for k in kinds if not any(s in k for s in _BENCHMARK_ONLY)])


def test_kind_behaves(kind: str, cases: list) -> None:  # type: ignore[type-arg]
    case = next(c for c in cases if c.kind == kind)
    if case.needs_setpriv and hostile._setpriv():
        pytest.skip("runs as root: the permission case runs in test_permission_denied_end_to_end")
    result = _invoke(case.args, case.stdin, case.env)
    problems = hostile.judge(case, result.exit_code, result.stdout, result.stderr, 0.0)
    try:
        result.stdout_bytes.decode("utf-8")
    except UnicodeDecodeError:
        problems.append("stdout is not valid UTF-8")
    if result.exception and not isinstance(result.exception, SystemExit):
        problems.append(f"raised {type(result.exception).__name__}: {result.exception}")
    assert not problems, f"{kind}: {problems}\nstderr: {result.stderr[-600:]}"
    for line in result.stderr.splitlines():
        if line.startswith("error"):
            assert line.count("error") >= 1 and ": " in line


@pytest.mark.skipif(not hostile._setpriv(), reason="needs root with setpriv (root ignores file modes otherwise)")
def test_permission_denied_end_to_end(cases: list) -> None:  # type: ignore[type-arg]
    case = next(c for c in cases if c.needs_setpriv)
    outcome = hostile.run_case(case, sys.executable)
    assert not outcome.problems, outcome.problems


# ------------------------------------------------------------------ the CLI error contract


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {
        "good": tmp_path / "good.txt",
        "good2": tmp_path / "second.txt",
        "empty": tmp_path / "empty.txt",
        "binary": tmp_path / "photo.txt",
        "latin": tmp_path / "latin.txt",
        "nomain": tmp_path / "nav.html",
        "jsonl": tmp_path / "batch.jsonl",
    }
    paths["good"].write_text(STORY)
    paths["good2"].write_text(STORY2)
    paths["empty"].write_bytes(b"")
    paths["binary"].write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    paths["latin"].write_bytes("Le caf\u00e9 a ferm\u00e9, said the owner.".encode("latin-1"))
    paths["nomain"].write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    paths["jsonl"].write_text(json.dumps({"id": "j1", "text": STORY}) + "\n{oops\n" + json.dumps({"id": "j2", "text": STORY2}) + "\n")
    return paths


@pytest.mark.parametrize(("bad", "words"), [
    ("empty", "empty file"), ("binary", "PNG image"), ("latin", "not valid UTF-8"), ("nomain", "no main text"),
])
def test_each_bad_file_alone_exits_2_with_one_line(files: dict[str, Path], bad: str, words: str) -> None:
    result = _invoke([str(files[bad]), "-p", "1"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error {files[bad]}: ") and words in lines[0]
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_some_failed_exits_1_and_the_rest_is_analysed(files: dict[str, Path]) -> None:
    args = [str(files[k]) for k in ("good", "empty", "binary", "latin", "nomain", "good2", "jsonl")]
    result = _invoke([*args, "--format", "jsonl", "-p", "1"])
    assert result.exit_code == 1
    analyses = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["article"]["id"] for a in analyses] == ["good", "second", "j1", "j2"]
    for a in analyses:
        validate_analysis(a)
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error")]
    assert len(errors) == 5 and any("batch.jsonl#2" in e for e in errors)
    assert "Traceback" not in result.stderr


def test_all_good_exits_0(files: dict[str, Path]) -> None:
    result = _invoke([str(files["good"]), str(files["good2"]), "--format", "json", "-p", "1"])
    assert result.exit_code == 0 and result.stderr.strip() == ""


def test_out_dir_gets_only_the_good_ones(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = _invoke([str(files["good"]), str(files["empty"]), str(files["jsonl"]), "--out", str(out), "-p", "1"])
    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == ["good.json", "j1.json", "j2.json"]


def test_stdin_good_and_bad() -> None:
    ok = _invoke(["-", "--format", "json"], stdin=STORY.encode())
    assert ok.exit_code == 0 and json.loads(ok.stdout)["article"]["text"] == STORY
    bad = _invoke(["-"], stdin=b"\x00\x01binary")
    assert bad.exit_code == 2 and bad.stderr.startswith("error <stdin>: ")


def test_limits_from_options_and_env(files: dict[str, Path]) -> None:
    r = _invoke([str(files["good"]), "--max-chars", "50"])
    assert r.exit_code == 2 and "50-character limit (--max-chars)" in r.stderr
    r = _invoke([str(files["good"]), "--max-bytes", "10"])
    assert r.exit_code == 2 and "10-byte limit" in r.stderr
    r = _invoke([str(files["good"])], env={"REPORTEDLY_MAX_CHARS": "60"})
    assert r.exit_code == 2 and "60-character limit" in r.stderr
    r = _invoke([str(files["good"])], env={"REPORTEDLY_MAX_BYTES": "a lot"})
    assert r.exit_code == 2 and r.stderr.startswith("error: REPORTEDLY_MAX_BYTES") and "Traceback" not in r.stderr
    r = _invoke([str(files["latin"]), "--encoding", "latin-1", "--format", "json"])
    assert r.exit_code == 0 and "caf\u00e9" in json.loads(r.stdout)["article"]["text"]


def test_timeout_records_a_failure_and_goes_on(files: dict[str, Path], tmp_path: Path) -> None:
    slow = tmp_path / "slow.txt"
    slow.write_text(STORY * 150)
    before = os.environ.get("REPORTEDLY_TIMEOUT")
    r = _invoke([str(slow), str(files["good"]), "--timeout", "0.5", "--format", "jsonl", "-p", "1"])
    assert r.exit_code == 1 and "0.5-second limit" in r.stderr
    assert [json.loads(x)["article"]["id"] for x in r.stdout.splitlines()] == ["good"]
    assert os.environ.get("REPORTEDLY_TIMEOUT") == before


def test_worker_processes_keep_the_contract(files: dict[str, Path]) -> None:
    """The same contract with two worker processes (limits travel to the workers)."""
    assert len(STORY2) < len(STORY)
    r = _invoke([str(files["good"]), str(files["good2"]), str(files["empty"]), "--format", "jsonl",
                 "-p", "2", "--max-chars", str(len(STORY2))])
    assert r.exit_code == 1
    assert [json.loads(x)["article"]["id"] for x in r.stdout.splitlines()] == ["second"]
    assert "character limit" in r.stderr and "empty file" in r.stderr


@pytest.mark.skipif(shutil.which("setpriv") is None and os.geteuid() == 0, reason="needs a real process")
def test_real_process_prints_no_traceback(files: dict[str, Path]) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run([sys.executable, "-m", "reportedly", "analyze", str(files["binary"]), str(files["empty"])],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert len([ln for ln in proc.stderr.splitlines() if ln.startswith("error")]) == 2


# ------------------------------------------------------------------ unbalanced quotation marks


@pytest.mark.parametrize("text", [
    'The minister said "the talks will resume next week.\n\nOfficials declined to comment on the plan.',
    '"We will not sign, the envoy said. "Not today." Another aide added that "the draft is dead.\n',
    '\u201cWe are close,\u201d he said. \u201cVery close. The deal is near, a diplomat told reporters.\n' * 5,
    'He called it \u00abunacceptable and said the ceasefire was "over.\u201d The army said nothing.',
    '""""""" said the spokesman, who said "" nothing "".\n',
    "It's the rebels' view, the officers' union said, that the 'truce' is 'over.\n",
])
def test_unbalanced_quotes_give_sane_spans(text: str) -> None:
    analysis = analyze_text(text)
    data = analysis.to_dict()
    validate_analysis(data)
    for a in data["attributions"]:
        content = a["content"]
        # an open quote must not swallow the rest of the article: content stays in its paragraph
        para_start = text.rfind("\n", 0, content["start"]) + 1
        para_end = text.find("\n", content["start"])
        para_end = len(text) if para_end < 0 else para_end
        assert content["end"] <= para_end + 1 and content["start"] >= para_start, a
