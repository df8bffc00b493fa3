"""Sentence starts at line breaks, set before the parser runs.

The small English model reads an article as one stream: a headline with no full stop, a
dateline or a list item runs into the next paragraph, and the parser hangs one paragraph's words
on the other's ("Governor Vetoes Transit Bill, … ALBANY — Gov. Marsh vetoed …, calling it …"
made the headline the subject of "calling").  On PolNeAR, 9% of the parser's sentences crossed a
line break.  spaCy's parser keeps sentence starts set before it, so this component marks one
after each paragraph break.

A break is a blank line, or a single line break after a sentence's last character (a full
stop, a closing quotation mark, a colon …).  A single line break inside a sentence is left to
the parser: hard-wrapped text breaks its lines anywhere.
"""

from __future__ import annotations

from spacy.tokens import Doc

#: what a line that ends a paragraph ends with, when no blank line follows it
_ENDS_SENTENCE = frozenset(".!?:;\"”’')]…")


def mark_line_breaks(doc: Doc) -> Doc:
    """Set ``is_sent_start`` on the first token after each paragraph break (before parsing)."""
    for tok in doc:
        if not (tok.is_space and "\n" in tok.text) or tok.i == 0 or tok.i + 1 >= len(doc):
            continue
        before, after = doc[tok.i - 1], doc[tok.i + 1]
        if after.is_space:
            continue
        if tok.text.count("\n") > 1 or before.text[-1] in _ENDS_SENTENCE:
            after.is_sent_start = True
    return doc


__all__ = ["mark_line_breaks"]
