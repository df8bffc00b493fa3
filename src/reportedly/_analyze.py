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
from reportedly.errors import EmptyInputError, InputError, InputTooLargeError, ReportedlyError
from reportedly.ingest import article_from_text, read_path, read_paths
from reportedly.models import Analysis, Article

#: articles longer than this (characters) are refused with a recorded reason
DEFAULT_MAX_CHARS = 2_000_000


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
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def analyze_article(
    article: Article,
    *,
    model: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    actors: Sequence[str | Path] = (),
) -> Analysis:
    """Analyse one article with the full pipeline (``actors``: extra actor registry files)."""
    if not article.text.strip():
        raise EmptyInputError(article.source_path or article.id, "no text to analyze")
    if len(article.text) > max_chars:
        raise InputTooLargeError(
            article.source_path or article.id, f"{len(article.text)} characters is over the {max_chars} limit"
        )
    nlp = _pipeline(model, actors)
    doc = nlp.make_doc(article.text)
    doc.user_data["reportedly_article"] = article
    for _name, proc in nlp.pipeline:
        doc = proc(doc)
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
) -> Analysis:
    """Analyse a text given as a string; offsets index exactly this string."""
    article = article_from_text(text, id or text_id(text))
    article.title = title or article.title
    article.url, article.published, article.outlet = url, published, outlet
    return analyze_article(article, model=model, actors=actors)


def analyze_file(path: str | Path, *, model: str | None = None, actors: Sequence[str | Path] = ()) -> Analysis:
    """Analyse a one-article file (.txt, .html). Use :func:`analyze_paths` for JSONL, feeds, WARC."""
    results = list(read_path(Path(path)))
    if len(results) != 1:
        raise InputError(str(path), f"holds {len(results)} articles; use analyze_paths()")
    item = results[0]
    if isinstance(item, InputError):
        raise item
    return analyze_article(item, model=model, actors=actors)


def _safe(article: Article, model: str | None, actors: Sequence[str | Path] = ()) -> Result:
    source = article.source_path or article.id
    try:
        return Result(source, analysis=analyze_article(article, model=model, actors=actors))
    except ReportedlyError as exc:
        return Result(source, error=exc)
    except Exception as exc:  # one bad document never stops a batch
        return Result(source, error=ReportedlyError(f"{source}: internal error ({type(exc).__name__}: {exc})"))


def _worker_init(model: str | None, actors: tuple[str, ...] = ()) -> None:
    _pipeline(model, actors)


def _worker(args: tuple[Article, str | None, tuple[str, ...]]) -> Result:
    return _safe(*args)


def analyze_articles(
    items: Iterable[Article | InputError],
    *,
    model: str | None = None,
    n_process: int = 1,
    actors: Sequence[str | Path] = (),
) -> Iterator[Result]:
    """Analyse articles in order; read failures pass through as error results."""
    files = _actor_files(actors)
    if files:
        check_actor_files(files)  # a bad actors file is one clear error, not one per article
    if n_process <= 1:
        for item in items:
            if isinstance(item, InputError):
                yield Result(item.source, error=item)
            else:
                yield _safe(item, model, files)
        return
    with ProcessPoolExecutor(max_workers=n_process, initializer=_worker_init, initargs=(model, files)) as pool:
        pending: list[Any] = []
        for item in items:
            if isinstance(item, InputError):
                pending.append(Result(item.source, error=item))
            else:
                pending.append(pool.submit(_worker, (item, model, files)))
            if len(pending) >= n_process * 4:
                yield _resolve(pending.pop(0))
        while pending:
            yield _resolve(pending.pop(0))


def _resolve(item: Any) -> Result:
    if isinstance(item, Result):
        return item
    result: Result = item.result()
    return result


def analyze_paths(
    paths: Iterable[str | Path],
    *,
    model: str | None = None,
    n_process: int | None = None,
    actors: Sequence[str | Path] = (),
) -> Iterator[Result]:
    """Analyse every article in the given files and directories, one result per article."""
    procs = n_process if n_process is not None else 1
    yield from analyze_articles(read_paths(paths), model=model, n_process=procs, actors=actors)


def default_processes() -> int:
    return max(1, min(os.cpu_count() or 1, 8))
