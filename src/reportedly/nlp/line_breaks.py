"""Sentence starts at line breaks, set before the parser runs.

The small English model reads an article as one stream: a headline with no full stop, a
dateline or a list item runs into the next paragraph, and the parser hangs one paragraph's words
on the other's ("Governor Vetoes Transit Bill, … ALBANY — Gov. Marsh vetoed …, calling it …"
made the headline the subject of "calling").  On PolNeAR, 9% of the parser's sentences crossed a
line break.  spaCy's parser keeps sentence starts set before it, so this component marks one
after each paragraph break.

A break is a blank line, or a single line break after a sentence's last character (a full
stop, a closing quotation mark, a colon …).  A single line break inside a sentence is left to
the parser: hard-wrapped text breaks its lines anywhere.  A wire dateline that opens a paragraph
("ROTTERDAM (Reuters) — Dock workers …") ends before the body, which the parser otherwise gave
"Reuters" as a second subject.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

#: what a line that ends a paragraph ends with, when no blank line follows it
_ENDS_SENTENCE = frozenset(".!?:;\"”’')]…")


#: a wire dateline opening a paragraph: "ROTTERDAM (Reuters) — ", "BEDFORD, N.H. (AP) -- "
_DATELINE = re.compile(
    r"[A-Z][A-Z.'’-]+(?:[ ,]+[A-Z][A-Za-z.'’-]*){0,4}(?: ?\([A-Za-z .]{1,30}\))? ?(?:—|–|--|-) (?=[A-Z0-9\"“‘'])"
)
#: tokens a dateline fits in ("BEDFORD , N.H. ( AP ) --" is 7)
_DATELINE_TOKENS = 24
#: bumped whenever what this component marks changes: training parse caches are keyed by it
PARSE_VERSION = 2


def mark_line_breaks(doc: Doc) -> Doc:
    """Set ``is_sent_start`` on the first token after each paragraph break (before parsing), and
    after a paragraph's opening dateline."""
    openings = [0] if len(doc) else []
    for tok in doc:
        if not (tok.is_space and "\n" in tok.text) or tok.i == 0 or tok.i + 1 >= len(doc):
            continue
        before, after = doc[tok.i - 1], doc[tok.i + 1]
        if after.is_space:
            continue
        if tok.text.count("\n") > 1 or before.text[-1] in _ENDS_SENTENCE:
            after.is_sent_start = True
        openings.append(after.i)
    for i in openings:
        _after_dateline(doc, i)
    return doc


def _after_dateline(doc: Doc, i: int) -> None:
    """"ROTTERDAM (Reuters) — Dock workers extended …": the parser made "Reuters" a second
    subject of "extended"; the body starts a sentence of its own."""
    first = doc[i]
    if not (first.is_upper and first.is_alpha and len(first) > 1):
        return
    # a few tokens' text, not doc.text: that is rebuilt from every token on each access, and a
    # transcript opens hundreds of paragraphs with a capitalised name
    m = _DATELINE.match(doc[i : i + _DATELINE_TOKENS].text[:80])
    if m is None:
        return
    body = doc.char_span(first.idx + m.end(), first.idx + m.end() + 1, alignment_mode="expand")
    if body is not None and body.start > i and not body[0].is_space:
        body[0].is_sent_start = True


__all__ = ["PARSE_VERSION", "mark_line_breaks"]
