"""Long articles are parsed in pieces and read by the models in bounded passes; the result is a
valid analysis of the whole text."""

from __future__ import annotations

import numpy as np
import pytest

import reportedly._analyze as analyze_module
from reportedly import analyze_text
from reportedly._analyze import _pieces

PARAGRAPH = (
    'The harbor master said on Monday that the channel would stay open. "We will keep it clear," '
    "she told reporters, adding that dredging would resume in May.\n\n"
)


@pytest.mark.parametrize("text", [PARAGRAPH * 7, "word " * 300, "x" * 1000, "", "short"])
def test_pieces_give_the_text_back_and_end_at_breaks(text: str) -> None:
    pieces = _pieces(text, 200)
    assert "".join(pieces) == text
    assert all(len(p) <= 200 for p in pieces)
    for piece in pieces[:-1]:
        # a line break where the window has one, else a space, else a hard cut
        assert piece.endswith("\n") or piece.endswith(" ") or (" " not in piece and "\n" not in piece)


def test_a_long_article_parsed_in_pieces_is_one_valid_analysis(monkeypatch) -> None:
    text = PARAGRAPH * 6
    whole = analyze_text(text, id="whole")
    monkeypatch.setattr(analyze_module, "PARSE_PIECE_CHARS", 200)
    assert len(_pieces(text, 200)) == 6  # one paragraph each
    pieced = analyze_text(text, id="pieced")
    assert pieced.article.text == text
    cues = [a.cue for a in pieced.attributions if a.cue is not None]
    # a report in every paragraph, the last pieces included, at the right offsets
    assert len(cues) >= 6 and max(c.start for c in cues) > len(text) - len(PARAGRAPH)
    for a in pieced.attributions:
        for span in (a.source, a.cue, a.content):
            if span is not None:
                assert text[span.start : span.end] == span.text
    # pieces cut at paragraph breaks: the same reports as the whole parse
    assert [(c.start, c.end) for c in cues] == [(a.cue.start, a.cue.end) for a in whole.attributions if a.cue]


def test_bounded_passes_change_nothing(monkeypatch, nlp) -> None:
    import reportedly.nlp.attribution_crf as crf_module
    import reportedly.nlp.attribution_neural as neural_module
    from reportedly.nlp.attribution_neural import N_TOKEN_FEATURES, NeuralTagger
    from reportedly.nlp.attribution_tagger import DEFAULT_MODEL_PATH

    if not neural_module.DEFAULT_NEURAL_PATH.exists():
        pytest.skip("the neural model file is not built")
    network = NeuralTagger()
    crf = crf_module.LinearChainCRF(DEFAULT_MODEL_PATH, neural_module.LABELS)
    rng = np.random.default_rng(3)
    lengths = np.array([30, 5, 60, 1, 12, 40])
    ids = rng.integers(0, len(network.vocab), size=(int(lengths.sum()), N_TOKEN_FEATURES)).astype("int32")
    vectors = rng.standard_normal((int(lengths.sum()), 96)).astype("float32")
    rows = rng.integers(0, len(crf.attributes), size=(int(lengths.sum()), 28))
    at_once = network.predict_tokens(ids, vectors, lengths), crf.scores(rows)
    monkeypatch.setattr(neural_module, "_TOKENS_PER_PASS", 50)
    monkeypatch.setattr(crf_module, "_SCORE_ROWS", 25)
    assert len(neural_module._runs(lengths, 50)) > 3
    in_passes = network.predict_tokens(ids, vectors, lengths), crf.scores(rows)
    np.testing.assert_allclose(in_passes[0], at_once[0], atol=1e-6)
    np.testing.assert_allclose(in_passes[1], at_once[1])
