"""Attributions marked by page layout rather than by a reporting word.

Two conventions of news text carry who-said-what in punctuation at a paragraph's edge, where
neither the parse nor the CRF (trained mostly on running prose) finds a cue:

* a **speaker label**: ``Pence: Flowers won't be at the debate`` (headlines) or
  ``"WALLACE: Let's start with …`` (transcripts) — a short capitalised name, a colon, then the
  rest of the paragraph as the content;
* a **pull-quote byline**: ``"…" ― Sonya Herridge`` — a quotation closed by a dash and a name
  that ends the paragraph.

PolNeAR annotates both with the punctuation mark as the cue.  These candidates fill in only
where the other passes found nothing at the mark (see :func:`layout_candidates`).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from reportedly.nlp.attribution_rules import CIRCUMSTANCE_MARKS, Candidate, trim_chars
from reportedly.nlp.lexicon import stance_of, verb_cues

# a name: one to four capitalised words ("Pence", "Sen. Tim Kaine", "WALLACE", "Poll")
_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|of|de|van|von|al-\w+)){0,3}"
_LABEL = re.compile(rf"^(?P<open>[\"“]?)(?P<name>{_NAME})(?P<cue>:)[ \t]+(?P<rest>\S.*?)\s*$")
_BYLINE = re.compile(
    rf"(?P<content>[\"“”][^\n]*[\"”])[\s\xa0]*(?P<cue>[―—–]|--)[\s\xa0]*(?P<name>{_NAME})[\s\xa0.]*$"
)
#: a paragraph that can hold a pull-quote byline ends like this within its last characters
_BYLINE_END = re.compile(rf"[\"”][\s\xa0]*(?:[―—–]|--)[\s\xa0]*{_NAME}[\s\xa0.]*$")
_BYLINE_TAIL = 300
#: an inverted speech verb opening a label ("Said Ellis: …", "Adds the mayor: …"): the verb is the
#: cue and the words after it the source, as PolNeAR marks them; the form's lemma gives the stance
_INVERTED_VERBS = {
    "said": "say", "says": "say", "added": "add", "adds": "add", "asked": "ask", "asks": "ask",
    "wrote": "write", "writes": "write", "explained": "explain", "noted": "note", "continued": "continue",
    "recalled": "recall", "insisted": "insist", "argued": "argue", "warned": "warn", "replied": "reply",
    "responded": "respond", "answered": "answer", "concluded": "conclude", "quipped": "quip",
    "tweeted": "tweet", "declared": "declare", "countered": "counter", "retorted": "retort",
}
#: labels that introduce something other than a speaker's words
_NOT_SPEAKERS = frozenset(
    {
        "update", "note", "photo", "photos", "image", "video", "watch", "read", "related", "source",
        "sources", "editor", "editor's", "editor’s", "caption", "credit", "correction",
        "disclosure", "warning", "spoiler", "advertisement", "also", "see", "click", "listen", "q",
        "a", "question", "answer", "example", "transcript", "summary", "background",
        "clarification", "latest", "breaking", "exclusive",
        # a determiner opens a heading ("The Latest: …", "Another challenge: …"), not a speaker's name
        "the", "an", "another", "this", "these", "those",
    }
)


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def layout_candidates(text: str) -> list[Candidate]:
    """Speaker-label and pull-quote-byline attributions of ``text`` (see module docstring)."""
    out: list[Candidate] = []
    for start, end in _paragraph_spans(text):
        para = text[start:end]
        lead = len(para) - len(para.lstrip())
        m = _LABEL.match(para[lead:])
        if m is not None:
            name = m.group("name")
            words = name.split()
            if words[0].lower().strip(".'’") not in _NOT_SPEAKERS and len(m.group("rest").split()) >= 3:
                base = start + lead
                rest_end = base + m.end("rest")
                lemma = _INVERTED_VERBS.get(words[0].lower())
                if lemma is not None and len(words) > 1:
                    verb_end = base + m.start("name") + len(words[0])
                    after_verb = name[len(words[0]) :]
                    source_start = verb_end + len(after_verb) - len(after_verb.lstrip())
                    out.append(
                        Candidate(
                            cue=(base + m.start("name"), verb_end),
                            content=(base + m.start("rest"), rest_end),
                            source=(source_start, base + m.end("name")),
                            stance=stance_of(lemma),
                            cue_type="verb",
                        )
                    )
                    continue
                out.append(
                    Candidate(
                        cue=(base + m.start("cue"), base + m.end("cue")),
                        content=(base + m.start("rest"), rest_end),
                        source=(base + m.start("name"), base + m.end("name")),
                        stance="neutral",
                        cue_type="punctuation",
                    )
                )
                continue
        # the byline search backtracks from every quotation mark of the paragraph: run it only
        # where the paragraph does end in a dash and a name (a text with no line breaks is one
        # huge paragraph)
        b = _BYLINE.search(para) if _BYLINE_END.search(para[-_BYLINE_TAIL:]) else None
        if b is not None and len(b.group("content").split()) >= 3:
            out.append(
                Candidate(
                    cue=(start + b.start("cue"), start + b.end("cue")),
                    content=(start + b.start("content"), start + b.end("content")),
                    source=(start + b.start("name"), start + b.end("name")),
                    stance="neutral",
                    cue_type="punctuation",
                )
            )
    return out




def parenthetical_candidates(doc: Doc) -> list[Candidate]:
    """"The museum, Mr. Bush said, celebrated …": a speech verb set off by commas inside its content.

    The parser hangs such a verb on the reported clause as ``parataxis``; the verb has no
    complement, so neither the rules nor (often) the CRF take it as a cue.  The content is the
    clause around it, in two pieces, without the cue's own words.
    """
    verbs = verb_cues()
    out: list[Candidate] = []
    for verb in doc:
        if verb.dep_ != "parataxis" or verb.pos_ != "VERB" or verb.lemma_.lower() not in verbs:
            continue
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None or subject.pos_ not in ("PROPN", "NOUN", "PRON"):
            continue
        if any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in verb.children):
            continue  # a verb with its own complement is a report of its own
        own = {t.i for t in verb.subtree}
        clause = [t for t in verb.head.subtree if t.i not in own]
        before = [t for t in clause if t.i < min(own)]
        after = [t for t in clause if t.i > max(own)]
        # the reported clause must surround the cue: words on both sides
        if not any(t.is_alpha for t in before) or not any(t.is_alpha for t in after):
            continue
        # "… within reach, mediators say, as families wait": a subordinate clause after the cue
        # is the writer's circumstance, not the source's words
        circumstance = {
            t.i
            for c in verb.head.children
            if c.dep_ == "advcl" and c.left_edge.i > max(own) and c.left_edge.dep_ == "mark"
            and c.left_edge.lower_ in CIRCUMSTANCE_MARKS
            for t in c.subtree
        }
        after = [t for t in after if t.i not in circumstance]
        pieces = []
        for part in (before, after) if any(t.is_alpha for t in after) else (before,):
            span = trim_chars(doc, part[0].idx, part[-1].idx + len(part[-1]))
            if span[1] > span[0]:
                pieces.append(span)
        src = subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge)
        out.append(
            Candidate(
                cue=(verb.idx, verb.idx + len(verb)),
                content=(pieces[0][0], pieces[-1][1]),
                source=src,
                stance=stance_of(verb.lemma_),
                cue_type="verb",
                head_token=verb.i,
                parts=pieces if len(pieces) > 1 else None,
            )
        )
    return out


__all__ = ["layout_candidates", "parenthetical_candidates"]
