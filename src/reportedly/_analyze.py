"""The analysis entry points behind the public API: text/file/batch in, ``Analysis`` out."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportedly import __version__
from reportedly.errors import (
    AnalysisTimeoutError,
    EmptyInputError,
    InputError,
    InputTooLargeError,
    ReportedlyError,
    UnsupportedLanguageError,
)
from reportedly.ingest import article_from_text, read_path, read_paths
from reportedly.ingest._base import has_visible_text
from reportedly.ingest._lang import language_refusal
from reportedly.ingest._limits import MAX_CHARS_PER_SECOND, Limits, time_limit
from reportedly.models import Analysis, Article


@dataclass(slots=True)
class Result:
    """One item of a batch: an analysis, or the error that stopped this input (never both)."""

    source: str
    analysis: Analysis | None = None
    error: InputError | ReportedlyError | None = None

    @property
    def ok(self) -> bool:
        return self.analysis is not None


def _pipeline(model: str | None = None, actors: Sequence[str | Path] = ()) -> Any:
    from reportedly.nlp import DEFAULT_MODEL, load_pipeline

    return load_pipeline(model or DEFAULT_MODEL, None, _actor_files(actors))


def check_actor_files(actors: Sequence[str | Path]) -> None:
    """Load user actor registry files once; raises :class:`~reportedly.errors.ConfigError` if bad."""
    from reportedly.nlp.registry import load_registry

    load_registry(_actor_files(actors))


def _actor_files(actors: Sequence[str | Path]) -> tuple[str, ...]:
    """User actor registry files as absolute paths (worker processes may run elsewhere)."""
    return tuple(str(Path(a).expanduser().resolve()) for a in actors)


def text_id(text: str) -> str:
    """A stable id for an article given only as text."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def check_article(article: Article, limits: Limits) -> None:
    """Refuse, with a recorded reason, an article the limits say not to analyse."""
    source = article.source_path or article.id
    if not has_visible_text(article.text):
        raise EmptyInputError(source, "no text to analyze")
    if len(article.text) > limits.max_chars:
        raise InputTooLargeError(
            source, f"{len(article.text)} characters is over the {limits.max_chars}-character limit (--max-chars)"
        )
    if limits.timeout and len(article.text) > limits.timeout * MAX_CHARS_PER_SECOND:
        raise AnalysisTimeoutError(
            source, f"{len(article.text)} characters cannot be analyzed within the "
            f"{limits.timeout:g}-second limit (--timeout)"
        )
    refusal = language_refusal(article.text, limits.languages)
    if refusal:
        raise UnsupportedLanguageError(source, refusal)


#: characters the spaCy pipeline parses in one piece.  A longer article is parsed in pieces cut
#: at line breaks and joined into one Doc before reportedly's stages: spaCy's tok2vec holds
#: several arrays per token at once, and a 1,000,000-character article (the default limit)
#: peaked at 3.3 GB parsed whole.  Articles of this size or less are parsed whole.
PARSE_PIECE_CHARS = 50_000


def _pieces(text: str, size: int) -> list[str]:
    """``text`` cut into pieces of at most ``size`` characters (joined, they give it back), each
    ending at a line break where there is one, else at a space."""
    out: list[str] = []
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = window.rfind("\n") + 1 or window.rfind(" ") + 1 or size
        out.append(text[start : start + cut])
        start += cut
    out.append(text[start:])
    return out


def _parsed(nlp: Any, text: str) -> Any:
    """The Doc of ``text`` through every component before ``reportedly``."""
    from spacy.tokens import Doc

    parse = [proc for name, proc in nlp.pipeline if name != "reportedly"]
    docs = []
    for piece in _pieces(text, PARSE_PIECE_CHARS):
        doc = nlp.make_doc(piece)
        for proc in parse:
            doc = proc(doc)
        docs.append(doc)
    return docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False)


def analyze_article(
    article: Article,
    *,
    model: str | None = None,
    max_chars: int | None = None,
    actors: Sequence[str | Path] = (),
    limits: Limits | None = None,
) -> Analysis:
    """Analyse one article with the full pipeline (``actors``: extra actor registry files),
    within ``limits`` (default: :meth:`Limits.from_env`; ``max_chars`` overrides its field)."""
    lim = (limits or Limits.from_env()).with_(max_chars=max_chars)
    check_article(article, lim)
    nlp = _pipeline(model, actors)
    with time_limit(lim.timeout, article.source_path or article.id):
        doc = _parsed(nlp, article.text)
        doc.user_data["reportedly_article"] = article
        doc = nlp.get_pipe("reportedly")(doc)
    return Analysis(
        article=article,
        attributions=list(doc._.attributions),
        actors=list(doc._.actors),
        events=list(doc._.events),
        editorial=list(doc._.editorial),
        relations=list(doc._.relations),
        framing=dict(doc._.framing),
        meta={"reportedly": __version__, "model": nlp.meta.get("name"), "source": article.source_path},
    )


def analyze_text(
    text: str,
    *,
    id: str | None = None,
    title: str | None = None,
    url: str | None = None,
    published: str | None = None,
    outlet: str | None = None,
    model: str | None = None,
    actors: Sequence[str | Path] = (),
    limits: Limits | None = None,
) -> Analysis:
    """Analyse a text given as a string; offsets index exactly this string."""
    article = article_from_text(text, id or text_id(text))
    article.title = title or article.title
    article.url, article.published, article.outlet = url, published, outlet
    return analyze_article(article, model=model, actors=actors, limits=limits)


def analyze_file(
    path: str | Path,
    *,
    model: str | None = None,
    actors: Sequence[str | Path] = (),
    limits: Limits | None = None,
    encoding: str | None = None,
) -> Analysis:
    """Analyse a one-article file (.txt, .html). Use :func:`analyze_paths` for JSONL, feeds, WARC."""
    lim = limits or Limits.from_env()
    results = list(read_path(Path(path), max_bytes=lim.max_bytes, encoding=encoding))
    if len(results) != 1:
        raise InputError(str(path), f"holds {len(results)} articles; use analyze_paths()")
    item = results[0]
    if isinstance(item, InputError):
        raise item
    return analyze_article(item, model=model, actors=actors, limits=lim)


def _safe(
    article: Article, model: str | None, actors: Sequence[str | Path] = (), limits: Limits | None = None
) -> Result:
    source = article.source_path or article.id
    try:
        return Result(source, analysis=analyze_article(article, model=model, actors=actors, limits=limits))
    except ReportedlyError as exc:
        return Result(source, error=exc)
    except Exception as exc:  # one bad document never stops a batch
        return Result(source, error=ReportedlyError(f"{source}: internal error ({type(exc).__name__}: {exc})"))


def _worker_init(model: str | None, actors: tuple[str, ...] = ()) -> None:
    _pipeline(model, actors)


def _worker(args: tuple[Article, str | None, tuple[str, ...], Limits]) -> Result:
    return _safe(*args)


def analyze_articles(
    items: Iterable[Article | InputError],
    *,
    model: str | None = None,
    n_process: int = 1,
    actors: Sequence[str | Path] = (),
    limits: Limits | None = None,
) -> Iterator[Result]:
    """Analyse articles in order; read failures pass through as error results."""
    lim = limits or Limits.from_env()
    files = _actor_files(actors)
    if files:
        check_actor_files(files)  # a bad actors file is one clear error, not one per article
    if n_process <= 1:
        for item in items:
            if isinstance(item, InputError):
                yield Result(item.source, error=item)
            else:
                yield _safe(item, model, files, lim)
        return
    with ProcessPoolExecutor(max_workers=n_process, initializer=_worker_init, initargs=(model, files)) as pool:
        pending: list[Any] = []
        for item in items:
            if isinstance(item, InputError):
                pending.append(Result(item.source, error=item))
            else:
                pending.append((item.source_path or item.id, pool.submit(_worker, (item, model, files, lim))))
            if len(pending) >= n_process * 4:
                yield _resolve(pending.pop(0))
        while pending:
            yield _resolve(pending.pop(0))


def _resolve(item: Any) -> Result:
    if isinstance(item, Result):
        return item
    source, future = item
    try:
        result: Result = future.result()
    except Exception as exc:  # a worker killed by the OS (out of memory) fails its articles, not the run
        return Result(source, error=ReportedlyError(f"{source}: worker process failed ({type(exc).__name__})"))
    return result


def analyze_paths(
    paths: Iterable[str | Path],
    *,
    model: str | None = None,
    n_process: int | None = None,
    actors: Sequence[str | Path] = (),
    limits: Limits | None = None,
    encoding: str | None = None,
) -> Iterator[Result]:
    """Analyse every article in the given files and directories, one result per article."""
    lim = limits or Limits.from_env()
    procs = n_process if n_process is not None else 1
    items = read_paths(paths, max_bytes=lim.max_bytes, encoding=encoding)
    yield from analyze_articles(items, model=model, n_process=procs, actors=actors, limits=lim)


def default_processes() -> int:
    return max(1, min(os.cpu_count() or 1, 8))
