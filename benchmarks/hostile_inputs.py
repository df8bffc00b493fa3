"""Hostile and odd input, end to end: every kind goes through `reportedly analyze` in its
own process, and its outcome is printed (kind, exit status, reason, seconds, peak memory).

    python benchmarks/hostile_inputs.py            # all kinds
    python benchmarks/hostile_inputs.py -k warc    # kinds whose name contains "warc"

A kind passes when the process exits with an expected status, prints no traceback, every
error line on stderr names its input, stays under its time limit, and (where the kind
holds good articles too) every good article is still analysed. The script exits 1 when any
kind fails. The same catalogue (:func:`build_cases`) drives tests/test_hostile_inputs.py
in-process.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import io
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Example texts are our own words, fictional, in news style.
STORY = (
    "Harbor Council Delays Vote on Ferry Fares\n\n"
    "The harbor council postponed a vote on ferry fares on Thursday, officials said, after "
    "residents of the outer islands packed the hearing.\n\n"
    '"We cannot ask families to pay twice as much for the same crossing," said Marta Velde, '
    "who chairs the council's transport committee.\n\n"
    "According to a budget memo seen by reporters, the ferry service lost money for a third "
    "straight year. The operator's spokesman told the Island Courier that fares had not risen "
    "since 2015 and that fuel costs had doubled.\n"
)
STORY2 = (
    "Library Extends Weekend Hours\n\n"
    "The city library will open on Sundays from next month, its director announced on Monday. "
    '"Students asked for quiet space during exams," director Paul Ansel told staff. '
    "A union representative said the change had been agreed with the workers.\n"
)
FRENCH = (
    "Le conseil municipal a reporté jeudi le vote sur les tarifs du ferry, selon des "
    "responsables, après que les habitants des îles sont venus en nombre à la réunion. "
    "« Nous ne pouvons pas demander aux familles de payer deux fois plus pour la même "
    "traversée », a déclaré la présidente de la commission des transports. Le service a "
    "perdu de l'argent pour la troisième année consécutive et les coûts du carburant ont doublé.\n"
)
ARABIC = (
    "أجل مجلس الميناء يوم الخميس التصويت على أسعار العبارات، بحسب مسؤولين، بعد أن ملأ "
    "سكان الجزر الخارجية قاعة الاجتماع. وقالت رئيسة لجنة النقل إن العائلات لا تستطيع دفع "
    "ضعف المبلغ مقابل الرحلة نفسها. وخسرت خدمة العبارات المال للعام الثالث على التوالي.\n"
)
MIXED = (
    "Talks in Amman Resume\n\n"
    "Negotiators met again in Amman on Tuesday, said Leila Haddad (ليلى حداد), a mediator "
    "who has led the talks since March. Officials from Tel Aviv (תל אביב) and Ramallah said "
    "the meeting was \"constructive\", according to a statement. The Greek delegate, Nikos "
    "Papadakis (Νίκος Παπαδάκης), told reporters the next round would start in May.\n"
)


@dataclass
class Case:
    """One kind of bad input: files to make, CLI arguments, and what a good outcome is."""

    kind: str
    args: list[str]
    exits: tuple[int, ...]
    stderr_has: tuple[str, ...] = ()
    analyses: int | None = None  # exact number of analyses expected on stdout (jsonl)
    limit_s: float = 60.0
    stdin: bytes | None = None
    env: dict[str, str] = field(default_factory=dict)
    check: Callable[[list[dict[str, object]]], str | None] | None = None
    needs_setpriv: bool = False
    table: bool = False  # stdout is the table view, not JSON lines


def _html(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head><title>Harbor news</title>{head}</head><body><article>{body}</article></body></html>"


def _paras(text: str) -> str:
    return "".join(f"<p>{p}</p>" for p in text.split("\n") if p.strip())


def _rss(items: str, prolog: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>{prolog}<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Island Courier</title>'
        f"<link>https://courier.example/</link><description>News</description>{items}</channel></rss>"
    )


def _rss_item(n: int, text: str) -> str:
    return (
        f"<item><title>Story {n}</title><link>https://courier.example/{n}</link><guid>story-{n}</guid>"
        f"<pubDate>Thu, 05 Mar 2026 10:00:00 GMT</pubDate><content:encoded><![CDATA[{_paras(text)}]]>"
        "</content:encoded></item>"
    )


def write_warc(path: Path, pages: list[tuple[str, bytes, dict[str, str]]]) -> None:
    """A real WARC (warcio) with one HTTP response record per (url, body, extra headers)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=path.name.endswith(".gz"))
        for url, body, extra in pages:
            headers = [("Content-Type", "text/html; charset=utf-8"), *extra.items()]
            http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
            writer.write_record(record)


def _max_content_len(items: list[dict[str, object]]) -> str | None:
    for analysis in items:
        text = analysis["article"]["text"]  # type: ignore[index]
        for a in analysis["attributions"]:  # type: ignore[attr-defined]
            content = a["content"]
            if content["end"] - content["start"] > 1200:
                return f"attribution content of {content['end'] - content['start']} chars"
            if text[content["start"] : content["end"]] != content["text"]:
                return "span text differs from the slice"
    return None


def _text_is_extracted(items: list[dict[str, object]]) -> str | None:
    text = items[0]["article"]["text"]  # type: ignore[index]
    return "markup left in the text" if "<p>" in text or "<html" in text.lower() else None  # type: ignore[operator]


def _crlf_kept(items: list[dict[str, object]]) -> str | None:
    text = items[0]["article"]["text"]  # type: ignore[index]
    return None if "\r\n" in text else "CRLF not kept in article.text"  # type: ignore[operator]


def build_cases(d: Path, *, big_mb: int = 20) -> list[Case]:  # noqa: PLR0915 - a catalogue
    """Make every kind's files under ``d``; return the cases in a stable order."""
    cases: list[Case] = []
    P1 = ["--format", "jsonl", "-p", "1"]

    def f(name: str, data: bytes | str) -> str:
        path = d / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return str(path)

    def add(kind: str, args: list[str], exits: tuple[int, ...], *has: str, **kw: object) -> None:
        cases.append(Case(kind, [*args, *P1], exits, tuple(has), **kw))  # type: ignore[arg-type]

    # --- empty, binary, encodings
    add("empty file", [f("empty.txt", b"")], (2,), "empty.txt", "empty")
    add("whitespace only", [f("blank.txt", " \n\t\r\n   \n")], (2,), "white space")
    add("zero-width only", [f("zw-only.txt", "\u200b\u200c\ufeff\u2060\n")], (2,), "invisible")
    add("binary PNG named .txt", [f("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)], (2,), "PNG")
    add("random binary bytes", [f("noise.txt", os.urandom(50_000))], (2,), "noise.txt", "binary")
    add("NUL bytes inside text", [f("nul.txt", STORY[:200] + "\x00\x00" + STORY[200:])], (2,), "NUL")
    add("UTF-16 LE with BOM", [f("u16bom.txt", codecs.BOM_UTF16_LE + STORY.encode("utf-16-le"))], (0,), analyses=1)
    add("UTF-16 LE without BOM", [f("u16le.txt", STORY.encode("utf-16-le"))], (0,), analyses=1)
    add("UTF-16 BE without BOM", [f("u16be.txt", STORY.encode("utf-16-be"))], (0,), analyses=1)
    add("UTF-8 with BOM", [f("u8bom.txt", codecs.BOM_UTF8 + STORY.encode())], (0,), analyses=1)
    latin = STORY.replace("Velde", "Vélde").replace("islands", "îslands").encode("latin-1")
    add("Latin-1, undeclared (refused)", [f("latin1.txt", latin)], (2,), "not valid UTF-8", "--encoding")
    cp = STORY.replace('"', "\u201c", 1).replace("crossing,\"", "crossing,\u201d").replace("'", "\u2019")
    add("cp1252 with --encoding auto", [f("cp1252.txt", cp.encode("cp1252")), "--encoding", "auto"], (0,), analyses=1)
    add("Latin-1 with --encoding latin-1", [f("latin1b.txt", latin), "--encoding", "latin-1"], (0,), analyses=1)
    add("HTML declaring windows-1252", [f("cp.html", _html(_paras(cp), '<meta charset="windows-1252">').encode("cp1252"))],
        (0,), analyses=1)
    add("unknown --encoding name", [f("ok-enc.txt", STORY), "--encoding", "klingon-8"], (2,), "unknown encoding")
    # --- size and time
    big = (STORY * (big_mb * 1_000_000 // len(STORY) + 1)).encode()
    add(f"{big_mb} MB article", [f("huge.txt", big)], (2,), "huge.txt", "limit", limit_s=30)
    add(f"{big_mb} MB, byte limit raised: --max-chars stops it", [f("huge2.txt", big), "--max-bytes", "50000000"],
        (2,), "character limit", limit_s=30)
    add(f"{big_mb} MB, all size limits raised: --timeout 10 stops it",
        [str(d / "huge2.txt"), "--max-bytes", "50000000", "--max-chars", "50000000", "--timeout", "10"],
        (2,), "10-second limit", limit_s=60)
    add("3 MB, size limits raised, --timeout 5: stopped mid-pipeline",
        [f("big3.txt", big[:3_000_000]), "--max-bytes", "50000000", "--max-chars", "50000000", "--timeout", "5"],
        (2,), "5-second limit", limit_s=60)
    add(f"{big_mb} MB on stdin", ["-"], (2,), "<stdin>", "limit", stdin=big, limit_s=30)
    add("over --max-chars", [f("long.txt", STORY * 40), "--max-chars", "5000"], (2,), "character limit")
    add("over --timeout (1 s)", [f("slow.txt", STORY * 600), "--timeout", "1"], (2,), "1-second limit", limit_s=40)
    add("REPORTEDLY_MAX_BYTES env", [f("env.txt", STORY)], (2,), "byte limit", env={"REPORTEDLY_MAX_BYTES": "100"})
    add("bad REPORTEDLY_TIMEOUT env", [f("env2.txt", STORY)], (2,), "REPORTEDLY_TIMEOUT", env={"REPORTEDLY_TIMEOUT": "soon"})
    line = " ".join(STORY.split()) * 30
    add(f"very long line ({len(line) // 1000}k chars)", [f("oneline.txt", line), "--timeout", "30"], (0, 2), limit_s=60)
    add("single huge token (300k chars)", [f("token.txt", "x" * 300_000), "--timeout", "30"], (0, 2), limit_s=60)
    # one paragraph the parser reads as one endless sentence, beside many short ones: padding every
    # short paragraph to the long one's length took gigabytes, walking each subtree of the endless
    # sentence took minutes
    run_on = " ".join(["The minister said the bridge would reopen in May."] * 1500)
    short = "\n".join(["Officials said no."] * 1500)
    add("one 16k-token paragraph beside 1,500 short ones", [f("runon.txt", run_on + "\n" + short)], (0,),
        analyses=1, limit_s=60)
    # --- HTML
    add("deeply nested HTML (50k divs)",
        [f("nested.html", "<html><body>" + "<div>" * 50_000 + _paras(STORY) + "</div>" * 50_000 + "</body></html>")],
        (0, 2), "nested.html")
    add("malformed HTML", [f("broken.html", "<html><body><article><p>" + STORY.replace("\n", "<p><b><i>")
                                         + "</td></tr><<<>>></div></span")], (0,), analyses=1)
    ent = '<!DOCTYPE html [<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10 if i > 1 else "&a;" * 10}">' for i in range(1, 10)) + "]>"
    add("HTML entity bomb (DOCTYPE)", [f("entbomb.html", ent + _html("<p>&l9;</p>" + _paras(STORY))[15:])], (0, 2), limit_s=30)
    add("HTML &amp; flood (1M entities)", [f("amp.html", _html("<p>" + "&amp;" * 1_000_000 + "</p>" + _paras(STORY)))],
        (0, 2), limit_s=60)
    add(".txt that is really HTML", [f("page.txt", _html(_paras(STORY)))], (0,), analyses=1, check=_text_is_extracted)
    add("HTML with no main text", [f("nav.html", "<html><body><nav><a href='/'>Home</a></nav></body></html>")],
        (2,), "no main text")
    # --- feeds
    lol = '<!DOCTYPE rss [<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10)) + "]>"
    add("billion laughs in RSS", [f("lol.rss", _rss(_rss_item(1, "&lol9;"), lol))], (2,), "entities")
    xxe = '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    add("external entity (XXE) in RSS", [f("xxe.rss", _rss(_rss_item(1, "&xxe;"), xxe))], (2,), "entities")
    pad = "<!--" + " " * 100_000 + "-->"
    add("entity declared past 64 KB", [f("late.xml", _rss(_rss_item(1, "&lol9;"), pad + lol))], (2,), "entities")
    add("RSS with full content", [f("feed.rss", _rss(_rss_item(1, STORY) + _rss_item(2, STORY2)))], (0,), analyses=2)
    add("malformed feed XML", [f("bad.atom", "<feed><entry><title>x</entry></feed")], (2,), "bad.atom")
    # --- WARC
    wdir = d / "warc"
    wdir.mkdir(exist_ok=True)
    write_warc(wdir / "ok.warc.gz", [("https://courier.example/1", _html(_paras(STORY)).encode(), {}),
                                     ("https://courier.example/2", _html(_paras(STORY2)).encode(), {})])
    add("WARC with two pages", [str(wdir / "ok.warc.gz")], (0,), analyses=2)
    bomb = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b"a" * 1_000_000
    gz = bomb.compress(b"<p>") + b"".join(bomb.compress(chunk) for _ in range(200)) + bomb.flush()
    write_warc(wdir / "bomb.warc.gz", [("https://courier.example/bomb", gz, {"Content-Encoding": "gzip"}),
                                       ("https://courier.example/2", _html(_paras(STORY2)).encode(), {})])
    add("gzip bomb in WARC (200 MB body)", [str(wdir / "bomb.warc.gz")], (1,), "byte limit", analyses=1, limit_s=30)
    full = (wdir / "ok.warc.gz").read_bytes()
    add("truncated WARC", [f("warc/cut.warc.gz", full[: len(full) * 2 // 3])], (1, 2), "cut.warc.gz")
    add("WARC without HTML", [f("warc/none.warc", b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n")],
        (2,), "no HTML")
    add("not a WARC at all", [f("warc/junk.warc", "this is not an archive\n" * 10)], (2,), "junk.warc")
    # --- text oddities that reach the pipeline
    unbalanced = STORY.replace('crossing," said', "crossing, said") + '\nShe added: "We will keep fighting.\n' + (
        'Another official said the plan was "unfair.\n' * 3)
    add("unbalanced quotation marks", [f("quotes.txt", unbalanced)], (0,), analyses=1, check=_max_content_len)
    add("only quotation marks", [f("onlyquotes.txt", '"" \u201c\u201d \u00ab\u00bb "\n' * 50)], (0,), analyses=1)
    add("only punctuation", [f("punct.txt", "!?.,;:-- ... !!! ??? ---\n" * 40)], (0,), analyses=1)
    add("French article (skipped)", [f("fr.txt", FRENCH * 2)], (2,), "French")
    add("French with --language any", [f("fr2.txt", FRENCH * 2), "--language", "any"], (0,), analyses=1)
    add("Arabic, right-to-left (skipped)", [f("ar.txt", ARABIC * 2)], (2,), "Arabic")
    add("mixed scripts in English", [f("mixed.txt", MIXED)], (0,), analyses=1, check=_max_content_len)
    add("control characters", [f("ctrl.txt", STORY.replace("officials", "offi\x07cials\x1b[0m").replace("\n\n", "\f\n"))],
        (0,), analyses=1)
    zw = STORY.replace("ferry", "fer\u200bry").replace("council", "coun\u200dcil\u2060")
    add("zero-width characters", [f("zw.txt", zw)], (0,), analyses=1, check=_max_content_len)
    add("CRLF line endings", [f("crlf.txt", STORY.replace("\n", "\r\n").encode())], (0,), analyses=1,
        check=_crlf_kept)
    add("emoji", [f("emoji.txt", STORY.replace("Thursday,", "Thursday \U0001f6a2\U0001f1f3\U0001f1f4,") + "\U0001f600\n")],
        (0,), analyses=1, check=_max_content_len)
    # --- JSONL
    rows = [
        json.dumps({"id": "a1", "text": STORY}),
        "{not json",
        "[1, 2, 3]",
        json.dumps({"text": "no id here"}),
        json.dumps({"id": "a1", "text": STORY2}),
        json.dumps({"id": "a2", "text": STORY2}),
        json.dumps({"id": "a3", "text": "The ferry is late.\ud800 again"}),  # \ud800 escaped: a lone surrogate
        json.dumps({"id": "a4", "text": "  "}),
        json.dumps({"id": {"x": 1}, "text": STORY}),
        "[" * 100_000 + "]" * 100_000,
    ]
    add("JSONL: bad, non-object, missing id, duplicate id, surrogate, deep nesting",
        [f("batch.jsonl", "\n".join(rows) + "\n")], (1,), "batch.jsonl#2", "batch.jsonl#5", "duplicate id",
        "surrogate", analyses=2)
    add("JSONL line over --max-bytes", [f("longline.jsonl", json.dumps({"id": "big", "text": STORY * 300}) + "\n"
                                          + json.dumps({"id": "ok", "text": STORY}) + "\n"), "--max-bytes", "20000"],
        (1,), "longline.jsonl#1", analyses=1)
    add("binary named .jsonl", [f("bin.jsonl", b"\x00\x01\x02" * 1000)], (2,), "bin.jsonl")
    # --- paths
    add("non-existent path", [str(d / "nope" / "missing.txt")], (2,), "missing.txt", "no such file")
    loops = d / "loops"
    loops.mkdir(exist_ok=True)
    (loops / "good.txt").write_text(STORY)
    for link, target in (("up", ".."), ("self.txt", "self.txt"), ("dangling.txt", "gone.txt")):
        if not (loops / link).is_symlink():
            os.symlink(target, loops / link)
    add("folder with symlink loop and dangling link", [str(loops)], (1,), "self.txt", "dangling.txt", analyses=1)
    add("symlink loop named directly", [str(loops / "self.txt")], (2,), "symbolic link loop")
    perm = d / "perm"
    perm.mkdir(exist_ok=True)
    (perm / "good.txt").write_text(STORY2)
    (perm / "secret.txt").write_text(STORY)
    (perm / "secret.txt").chmod(0)
    (perm / "locked").mkdir(exist_ok=True)
    (perm / "locked" / "inner.txt").write_text(STORY)
    (perm / "locked").chmod(0)
    add("folder with unreadable file and folder", [str(perm)], (1,), "secret.txt", "permission denied", "locked",
        analyses=1, needs_setpriv=True)
    fifo = d / "pipe.txt"
    if not fifo.exists():
        os.mkfifo(fifo)
    add("FIFO named .txt (must not block)", [str(fifo)], (2,), "not a regular file", limit_s=20)
    add("a folder with nothing to read", [str(_empty_dir(d))], (2,), "no supported input")
    add("unsupported suffix", [f("report.pdf", b"%PDF-1.4\n")], (2,), "no reader")
    markup = 'The minister said "[/bold] the talks [link=file:///etc/passwd]had[/link] stalled \x1b[31m!\x1b[0m" on Tuesday.\n'
    cases.append(Case("rich markup and escape codes, table output",
                      [f("[bold]quote.txt", markup), str(d / "[red]gone[/red]"), "--format", "table", "-p", "1"],
                      (1,), ("[red]gone[/red]", "no such file"), table=True))
    odd = d / "names"
    odd.mkdir(exist_ok=True)
    (Path(os.fsdecode(bytes(odd)) + os.fsdecode(b"/caf\xe9-report.txt"))).write_text(STORY)
    add("file name that is not UTF-8", [str(odd)], (0,), analyses=1)
    add("file name that is not UTF-8, --out", [str(odd), "--out", str(d / "out-names")], (0,), "wrote 1")
    add("good and bad together", [f("good.txt", STORY), f("bad.txt", b"\xff\xfe\x00"), f("good2.txt", STORY2)],
        (1,), "bad.txt", analyses=2)
    return cases


def _empty_dir(d: Path) -> Path:
    empty = d / "emptydir"
    empty.mkdir(exist_ok=True)
    (empty / "notes.md").write_text("nothing for us here\n")
    return empty


def _setpriv() -> list[str]:
    """Root ignores file permissions; drop that power so 'permission denied' is real."""
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("setpriv"):
        return ["setpriv", "--inh-caps=-dac_override,-dac_read_search",
                "--bounding-set=-dac_override,-dac_read_search"]
    return []


# Runs `python -m reportedly` and, at exit, writes the process's own peak resident memory
# (VmHWM of its fresh address space) to a file: exact even for runs too short to sample.
_LAUNCH = """
import atexit, os, runpy, sys
def _peak():
    with open("/proc/self/status") as fh:
        kb = next((l.split()[1] for l in fh if l.startswith("VmHWM:")), "0")
    with open(os.environ["REPORTEDLY_BENCH_PEAK_FILE"], "w") as out:
        out.write(kb)
atexit.register(_peak)
sys.argv = ["reportedly", *sys.argv[1:]]
runpy.run_module("reportedly", run_name="__main__", alter_sys=True)
"""


def _hwm_kb(pid: int) -> int:
    """The process's peak resident memory so far (VmHWM), read while it runs.

    getrusage's ru_maxrss is no good here: Linux carries the parent's peak into children.
    """
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


@dataclass
class Outcome:
    case: Case
    status: int | None
    seconds: float
    peak_mb: float
    reason: str
    problems: list[str]


def judge(case: Case, status: int | None, stdout: str, stderr: str, seconds: float) -> list[str]:
    """What is wrong with one run (empty: it behaved)."""
    problems = []
    if status is None:
        problems.append(f"hung past {case.limit_s:g}s")
    elif status not in case.exits:
        problems.append(f"exit {status}, expected {'/'.join(map(str, case.exits))}")
    if "Traceback" in stderr or "Traceback" in stdout:
        problems.append("traceback")
    for needle in case.stderr_has:
        if needle.lower() not in stderr.lower():
            problems.append(f"stderr lacks {needle!r}")
    analyses = []
    if case.table:
        if "\x1b" in stdout:
            problems.append("terminal escape codes from the input reached stdout")
        if "[/bold]" not in stdout:
            problems.append("text with markup-like brackets was not printed literally")
    for line in ([] if case.table else stdout.splitlines()):
        if line.strip():
            try:
                analyses.append(json.loads(line))
            except json.JSONDecodeError:
                problems.append("stdout line is not JSON")
                break
    if case.analyses is not None and len(analyses) != case.analyses:
        problems.append(f"{len(analyses)} analyses, expected {case.analyses} (lost data)")
    from reportedly import validate_analysis

    for a in analyses:
        try:
            validate_analysis(a)
        except Exception as exc:
            problems.append(f"invalid analysis: {exc}")
    if case.check and analyses:
        msg = case.check(analyses)
        if msg:
            problems.append(msg)
    return problems


def first_reason(stderr: str) -> str:
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    errors = [ln for ln in lines if ln.startswith("error")]
    return (errors[0] if errors else (lines[0] if lines else "ok"))[:110]


def run_case(case: Case, python: str) -> Outcome:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "200", **case.env}
    prefix = _setpriv() if case.needs_setpriv else []
    peak_file = Path(tempfile.mkstemp(prefix="reportedly-peak-")[1])
    env["REPORTEDLY_BENCH_PEAK_FILE"] = str(peak_file)
    cmd = [*prefix, python, "-c", _LAUNCH, "analyze", *case.args]
    start = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE if case.stdin is not None else subprocess.DEVNULL,
                                stdout=out, stderr=err, env=env, cwd=ROOT)
        if case.stdin is not None:
            assert proc.stdin is not None
            # the reader stops at the limit and exits, so the pipe may break: as it should
            with contextlib.suppress(BrokenPipeError):
                proc.stdin.write(case.stdin)
            with contextlib.suppress(BrokenPipeError):
                proc.stdin.close()
        status: int | None = None
        peak_kb = 0
        while time.monotonic() - start < case.limit_s:
            peak_kb = max(peak_kb, _hwm_kb(proc.pid))
            pid, wstatus, _ = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                status = os.waitstatus_to_exitcode(wstatus)
                proc.returncode = status
                break
            time.sleep(0.01)
        else:
            proc.kill()
            os.wait4(proc.pid, 0)
        seconds = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        raw_out, raw_err = out.read(), err.read()
        stdout, stderr = raw_out.decode("utf-8", "replace"), raw_err.decode("utf-8", "replace")
    with contextlib.suppress(ValueError, OSError):
        peak_kb = max(peak_kb, int(peak_file.read_text() or 0))
    peak_file.unlink(missing_ok=True)
    peak = peak_kb / 1024
    problems = judge(case, status, stdout, stderr, seconds)
    try:
        raw_out.decode("utf-8")
    except UnicodeDecodeError:
        problems.append("stdout is not valid UTF-8")
    return Outcome(case, status, seconds, peak, first_reason(stderr), problems)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-k", default="", help="only kinds whose name contains this")
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--big-mb", type=int, default=20)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="reportedly-hostile-") as tmp:
        cases = [c for c in build_cases(Path(tmp), big_mb=args.big_mb) if args.k.lower() in c.kind.lower()]
        print(f"{'#':>2}  {'kind':<46} {'exit':>4} {'sec':>6} {'peak MB':>8}  outcome")
        failed = 0
        for n, case in enumerate(cases, start=1):
            o = run_case(case, args.python)
            verdict = "ok  " if not o.problems else "FAIL"
            failed += bool(o.problems)
            status = "hang" if o.status is None else str(o.status)
            print(f"{n:>2}  {case.kind[:46]:<46} {status:>4} {o.seconds:6.2f} {o.peak_mb:8.0f}  {verdict} {o.reason}")
            for p in o.problems:
                print(f"{'':>4}  !! {p}")
        _restore(Path(tmp))
    print(f"\n{len(cases)} kinds, {len(cases) - failed} behaved, {failed} failed")
    return 1 if failed else 0


def _restore(d: Path) -> None:
    """Give back permissions so the temporary folder can be removed."""
    for path in (d / "perm" / "locked", d / "perm" / "secret.txt"):
        if path.exists():
            path.chmod(stat.S_IRWXU)


if __name__ == "__main__":
    sys.exit(main())
