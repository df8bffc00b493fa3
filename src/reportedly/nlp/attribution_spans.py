"""Where a tagged source, cue or content starts and ends: the span repairs of the decoder.

The taggers label tokens; :mod:`reportedly.nlp.attribution_decoder` links their spans into
attributions.  The functions here fix the edges of those spans where the taggers and PolNeAR's
conventions part: a content cut mid-phrase runs to the phrase's end, a cue drops a circumstance it
cuts in half or keeps one whose object the taggers gave the content, a source cut at its
determiner runs on to its noun, a cue tagged over its channel ends before it.  Each says why,
with the figures that kept it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Token

from reportedly.nlp.attribution_features import learnt_cues
from reportedly.nlp.attribution_rules import (
    PUNCT_EDGE,
    noun_clause,
    strip_edges,
)
from reportedly.nlp.lexicon import noun_cues, verb_cues

#: how PolNeAR's annotators mostly end a verb cue at the preposition after it, learnt from
#: PolNeAR train by training/learn_cue_shapes.py
CUE_SHAPES_PATH = Path(__file__).parent / "models" / "attribution_cue_shapes.json"


def chars(doc: Doc, first: int, last: int) -> tuple[int, int]:
    """Character span of tokens ``first``..``last`` (inclusive)."""
    return doc[first].idx, doc[last].idx + len(doc[last])


@dataclass(slots=True)
class TagSpan:
    role: str
    start: int  # first token index
    end: int  # last token index (inclusive)


def last_word(doc: Doc, end: int, floor: int) -> int:
    """``end`` moved back over trailing punctuation and white space, never below ``floor``."""
    while end > floor and (doc[end].is_punct or doc[end].is_space):
        end -= 1
    return end


def spans_of(labels: Sequence[str], para: Sequence[int]) -> list[TagSpan]:
    """Role spans of one paragraph's labels (an ``I-`` after another role starts a span).

    The paragraph's tokens leave out white space, so a span runs on over a non-breaking or double
    space between two of its words ("the\xa0Republican"): such a space had cut 87 content
    pieces in two on PolNeAR train."""
    out: list[TagSpan] = []
    cur: TagSpan | None = None
    prev = -1
    for i in para:
        label = labels[i]
        last, prev = prev, i
        if label == "O":
            cur = None
            continue
        bio, role = label[0], label[2:]
        if cur is not None and bio == "I" and cur.role == role and cur.end == last:
            cur.end = i
            continue
        cur = TagSpan(role, i, i)
        out.append(cur)
    return out


def cue_head(doc: Doc, span: TagSpan) -> Token:
    """The word a cue span is about: its lexicon word, else its syntactic root."""
    verbs, nouns = verb_cues(), noun_cues()
    toks = doc[span.start : span.end + 1]
    for tok in toks:
        if tok.lower_ == "according":
            return tok
    for tok in toks:
        if tok.lemma_.lower() in verbs and tok.pos_ in ("VERB", "AUX", "ADJ"):
            return tok
    for tok in toks:
        if tok.lemma_.lower() in nouns and tok.pos_ == "NOUN":
            return tok
    return toks.root


def cut_at_participle(doc: Doc, cue: TagSpan, parts: list[TagSpan]) -> list[TagSpan]:
    """End a content before ", adding/claiming/promising …": a participial cue of its own.

    "X said that A, promising B" reports two things; the second gets its own attribution
    (from the rule pass) with the same speaker.  Any other participle hung on the cue word
    itself ("X praised Y, ignoring Z", "Ignoring Z, X said …") is about the report, not part
    of what was reported.
    """
    verbs = verb_cues()
    learnt = learnt_cues()
    head = cue_head(doc, cue).i
    out: list[TagSpan] = []
    previous_end: int | None = None
    for part in parts:
        if part.end < cue.start:
            opener = doc[part.start]
            if not (opener.tag_ == "VBG" and opener.dep_ == "advcl" and opener.head.i == head):
                out.append(part)
            # else "Ignoring the fact that A, X told …": the writer's framing of the report
            continue
        # the gap before a later piece counts too: the participle may sit between two pieces
        first = part.start if previous_end is None else previous_end + 1
        previous_end = part.end
        for i in range(max(first, cue.end + 2), part.end + 1):
            tok = doc[i]
            if (
                tok.tag_ == "VBG"
                and doc[i - 1].text == ","
                and tok.dep_ in ("advcl", "xcomp", "conj")
                and (
                    tok.lemma_.lower() in verbs
                    or f"{tok.lemma_.lower()}|{tok.pos_}" in learnt
                    or (tok.head.i == head and tok.dep_ == "advcl")
                )
            ):
                if i - 2 >= part.start:
                    out.append(TagSpan(part.role, part.start, i - 2))
                return out
        out.append(part)
    return out


#: parts of speech that cannot end a phrase ("the", "of", "and", "that", "to", "has")
_OPEN_ENDED = frozenset({"DET", "ADP", "CCONJ", "SCONJ", "PART", "AUX"})


#: dependents a verb needs after it; a content ending on the verb without them stops mid-phrase
_COMPLEMENTS = frozenset({"dobj", "ccomp", "xcomp", "pobj", "attr", "acomp", "oprd", "pcomp"})


#: a cue's trailing phrase of one of these kinds is a circumstance of the report ("said on")
_REPORT_CIRCUMSTANCES = frozenset({"prep", "npadvmod", "dative", "dobj", "advmod", "agent"})


def finish_pieces(
    doc: Doc, cue: TagSpan, parts: list[TagSpan], cue_of: dict[int, int], sent_end: Sequence[int]
) -> list[TagSpan]:
    """Content pieces that end where a phrase ends.

    The tagger sometimes stops a content mid-phrase ("complained about his mic the", "told
    reporters it", "aims to rely"): when the last piece ends on a word that cannot end a phrase,
    on a verb whose complement follows, or on a word whose head lies ahead in the sentence, it
    runs to the end of that phrase — never across another cue.  No piece ends in a
    coordinating conjunction ("…, and") or in a subordinating one or a relative pronoun that opens
    the next clause.  On PolNeAR dev: content exact-span F1 0.568 -> 0.574,
    relation F1 0.668 -> 0.670.
    """
    head = cue_head(doc, cue)
    out: list[TagSpan] = []
    for n, part in enumerate(parts):
        if n == len(parts) - 1:
            part = _complete_phrase(doc, part, head, sent_end[head.i], cue_of)
        end = part.end
        while end > part.start and (
            doc[end].pos_ == "CCONJ"
            or doc[end].is_space
            or (doc[end].is_punct and doc[end].text in ",;-–—")
            or (doc[end].pos_ == "SCONJ" and doc[end].head.i > end)  # "… bill as | critics pile on"
            or (doc[end].tag_ in ("WDT", "WP") and doc[end].head.i > end)  # "… reservoir, which | he said …"
        ):
            end -= 1
        out.append(TagSpan(part.role, part.start, end))
    return out


def _complete_phrase(doc: Doc, part: TagSpan, head: Token, sent_end: int, cue_of: dict[int, int]) -> TagSpan:
    last = doc[part.end]
    node = last
    open_ended = last.pos_ in _OPEN_ENDED or (
        last.pos_ == "VERB" and any(c.dep_ in _COMPLEMENTS and c.i > part.end for c in last.children)
    )
    # climb to the phrase the last word belongs to, while that phrase's head lies ahead
    while part.end < node.head.i < sent_end and node.head.i not in (head.i, node.i):
        node = node.head
        open_ended = True
    if not open_ended or node.i == head.i:
        return part
    if node is last:
        # the verb's complements, not any modifier after them
        end = max([c.right_edge.i for c in last.children if c.dep_ in _COMPLEMENTS and c.i > part.end] + [part.end])
    else:
        end = node.right_edge.i
    while end > part.end and (doc[end].is_space or (doc[end].is_punct and doc[end].text not in ".?!\"'”")):
        end -= 1
    if end <= part.end or end >= sent_end or any(i in cue_of for i in range(part.end + 1, end + 1)):
        return part
    return TagSpan(part.role, part.start, end)


def content_after_circumstance(
    doc: Doc, cue: TagSpan, parts: list[TagSpan]
) -> tuple[TagSpan, list[TagSpan]]:
    """"shows in | detail how A", "has argued for | months that A": a phrase the cue ends in the
    middle of, whose object the taggers gave the content, is the cue's when the reported clause
    follows it; the content starts at that clause."""
    if not parts or parts[0].start != cue.end + 1:
        return cue, parts
    head = cue_head(doc, cue)
    prep = doc[cue.end]
    if prep.dep_ != "prep" or prep.head.i != head.i:
        return cue, parts
    first, edge = parts[0], prep.right_edge.i
    if not first.start <= edge <= first.end or edge + 1 >= len(doc):
        return cue, parts
    clause = doc[edge + 1]
    while clause.head.i != head.i and clause.head.i != clause.i:
        clause = clause.head
    if clause.head.i != head.i or clause.dep_ != "ccomp" or clause.left_edge.i != edge + 1:
        return cue, parts
    rest = [TagSpan(first.role, edge + 1, first.end)] if edge < first.end else []
    if not rest and len(parts) == 1:
        return cue, parts  # the phrase is all the taggers gave: leave it
    # the phrase may have been a piece of its own ("months" | "that A")
    return TagSpan(cue.role, cue.start, edge), [*rest, *parts[1:]]


def trim_cue_tail(doc: Doc, cue: TagSpan, parts: list[TagSpan]) -> TagSpan:
    """A cue without a modifier phrase it cuts in half ("said at a Washington", "says in").

    Trailing words of the cue that belong to a phrase hung on the cue word and running past
    the cue are dropped, unless that phrase holds the content ("believe in X", "declared war on
    X").  Dev cue exact-span F1 +0.004.
    """
    head = cue_head(doc, cue)
    if head.lower_ == "according" or head.i >= cue.end:
        return cue
    end = cue.end
    while end > head.i:
        phrase = doc[end]
        while phrase.head.i != head.i and phrase.head.i != phrase.i:
            phrase = phrase.head
        if (
            phrase.head.i != head.i
            or phrase.right_edge.i <= end
            or phrase.dep_ not in _REPORT_CIRCUMSTANCES
            or phrase.left_edge.i <= head.i
            or any(p.start <= phrase.right_edge.i and phrase.left_edge.i <= p.end for p in parts)
        ):
            break
        end = phrase.left_edge.i - 1
    return TagSpan(cue.role, cue.start, last_word(doc, end, cue.start))


#: parts of speech that can name a source ("A Bloomberg poll", "he", "two", "Democratic")
_NAMING = frozenset({"NOUN", "PROPN", "PRON", "NUM", "ADJ", "X", "SYM"})


def whole_noun_phrase(doc: Doc, span: TagSpan, labels: Sequence[str]) -> TagSpan:
    """A source the taggers cut to its determiner ("A | Bloomberg poll shows") runs on to the
    noun it determines, over words no other role holds; one cut after a preposition ("one member
    of | the Veldan delegation") runs on to that preposition's object; one that ends in a
    preposition of the verb's phrase ("Sen. Walsh (D-Ore.) on | Thursday said") ends before it."""
    last = doc[span.end]
    if last.dep_ == "prep" and last.head.i < last.i:
        obj = next((c for c in last.children if c.dep_ == "pobj"), None)
        if obj is not None and obj.i - span.end <= 6 and all(labels[i] == "O" for i in range(span.end + 1, obj.i + 1)):
            return TagSpan(span.role, span.start, obj.i)
    if last.dep_ == "prep" and last.head.i > span.end and span.end > span.start:
        # "Sen. Walsh (D-Ore.) on | Thursday defended": a preposition of the verb's phrase
        end = span.end - 1
        while end > span.start and (doc[end].is_punct or doc[end].is_space) and doc[end].text != ")":
            end -= 1
        return TagSpan(span.role, span.start, end)
    nxt = span.end + 1
    if (
        nxt < len(doc)
        and last.head.i == nxt
        and last.dep_ in ("amod", "det", "compound", "nummod", "poss")
        and doc[nxt].pos_ in ("NOUN", "PROPN")
        and labels[nxt] == "O"
    ):
        # "… since a disputed election last | year": a modifier whose noun the taggers left out
        return TagSpan(span.role, span.start, nxt)
    if any(doc[i].pos_ in _NAMING for i in range(span.start, span.end + 1)):
        return span
    head = doc[span.end].head.i
    if head <= span.end or head - span.end > 4 or doc[head].pos_ not in ("NOUN", "PROPN"):
        return span
    if any(labels[i] != "O" for i in range(span.end + 1, head + 1)):
        return span
    return TagSpan(span.role, span.start, head)


def cue_before_channel(doc: Doc, cue: TagSpan, head: Token, channel: tuple[int, int]) -> TagSpan | None:
    """A cue that holds its whole channel ("confirmed to the Times", "told The New York Times"),
    cut before the channel's phrase and the preposition that brings it in; None otherwise.

    Only a channel wholly inside the cue counts: "according to X" or "referred to X" end on the
    preposition and keep it.  On PolNeAR dev cue exact-span F1 0.7154 -> 0.7164 (train 0.8101 ->
    0.8091: PolNeAR's annotators put the addressee in the cue about as often as not); on the seed
    it keeps the channels a network that tags "confirmed to the Times" as the cue would lose.
    """
    if channel[1] > chars(doc, cue.start, cue.end)[1]:
        return None
    phrase = doc.char_span(channel[0], channel[1], alignment_mode="expand")
    if phrase is None or not len(phrase):
        return None
    node = phrase.root
    # the preposition that brings the channel in ("to the Times", "with the news outlet")
    while node.head.i != head.i and node.head.i != node.i and node.head.pos_ == "ADP":
        node = node.head
    first = min(node.left_edge.i, phrase.start)
    if first <= head.i or first > cue.end:
        return None
    return TagSpan(cue.role, cue.start, last_word(doc, first - 1, head.i))


def within_noun_clause(noun: Token, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A nominal cue's content ends with the clause the noun governs ("Netanyahu's promise that
    Israel will invade Rafah | pushed Hamas to …"): what follows is the sentence's, not the report's."""
    clause = noun_clause(noun)
    if clause is None:
        return pieces
    end = clause.right_edge.idx + len(clause.right_edge)
    if not any(s < end < e for s, e in pieces):
        return pieces
    return [(s, min(e, end)) for s, e in pieces if s < end]


def after_semicolon(doc: Doc, cue: TagSpan, parts: list[TagSpan], source: TagSpan | None) -> list[TagSpan]:
    """"A wants X; B says Y": a clause before a semicolon that opens the report is not its content
    (the parser makes it a fronted complement of "says", as in "X, B says")."""
    opening = min(cue.start, source.start) if source is not None else cue.start
    kept = []
    for part in parts:
        between = doc[part.end + 1 : opening] if part.end < opening else None
        if between is not None and any(t.text == ";" for t in between) and not any(t.is_alpha for t in between):
            continue
        kept.append(part)
    return kept


#: a dateline opening a paragraph: "ODENBERG, March 3 — ", "WASHINGTON - ", "KYIV, Ukraine (Reuters) — "
_DATELINE = re.compile(
    r"[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+)*(?:, [A-Z][\w.]*(?: [\w.]+){0,2})*(?: \([^)\n]{1,40}\))?\s*(?:—|–|--|-)\s+"
)


def without_dateline(text: str, start: int, end: int) -> int:
    """Where a content starting ``start`` begins once a paragraph's dateline is left out: the
    dateline is the writer's, never the source's (PolNeAR train and dev: 7 contents start after
    one, none takes it in)."""
    if start and text[start - 1] != "\n":
        return start
    m = _DATELINE.match(text, start, end)
    return m.end() if m is not None and m.end() < end else start


def before_appositive_report(
    doc: Doc, parts: list[TagSpan], cue_of: dict[int, int], cues: Sequence[TagSpan]
) -> list[TagSpan]:
    """"Brandt said Pryce had called her, | a claim the ministry did not dispute": a content
    that runs into an appositive whose relative clause is another report (the taggers' next
    cue) ends before the appositive; the appositive is that report's, not the speaker's."""
    if not parts:
        return parts
    last = parts[-1]
    k = cue_of.get(last.end + 1)
    if k is None:
        return parts
    verb = cue_head(doc, cues[k])
    noun = verb.head
    # the parser reads such a trailing noun phrase as an appositive or, after a verb, as "oprd"
    if verb.dep_ != "relcl" or noun.dep_ in ("nsubj", "nsubjpass") or not (last.start <= noun.i <= last.end):
        return parts
    comma = noun.left_edge.i - 1
    if comma <= last.start or doc[comma].text != ",":
        return parts
    return [*parts[:-1], TagSpan(last.role, last.start, last_word(doc, comma - 1, last.start))]


def trim_pieces(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Content pieces without separating punctuation or white space at their edges (a period
    stays: unlike :func:`~reportedly.nlp.attribution_rules.trim_chars`, the taggers' pieces
    keep a sentence's own full stop as PolNeAR does)."""
    stripped = (strip_edges(text, start, end, PUNCT_EDGE) for start, end in pieces)
    return [(start, end) for start, end in stripped if start < end]


@lru_cache(maxsize=1)
def cue_shapes() -> dict[str, str]:
    """``"lemma preposition"`` -> ``"before"``, ``"at"`` or ``"whole"``: where a cue of that verb
    ends against that preposition in most of PolNeAR train ("said | on Monday", "pointed to |",
    "called for |"); empty when the file is missing."""
    if not CUE_SHAPES_PATH.exists():
        return {}
    return dict(json.loads(CUE_SHAPES_PATH.read_text(encoding="utf-8"))["shapes"])


def cue_phrase(doc: Doc, head: Token, last: int) -> tuple[Token, str] | None:
    """The preposition a verb cue ending at token ``last`` meets, and how the cue treats it: ends
    just "before" it, "at" it, runs over its "whole" phrase, or stops inside ("part").  None
    when the verb has no such preposition next to the cue, or has an object first ("told
    reporters on Monday")."""
    if head.pos_ not in ("VERB", "AUX"):
        return None
    prep = next((c for c in head.children if c.dep_ in ("prep", "agent") and c.i > head.i), None)
    if prep is None or prep.i > last + 1:
        return None
    if any(c.dep_ == "dobj" and head.i < c.i < prep.i for c in head.children):
        return None
    if prep.i == last + 1:
        return prep, "before"
    if prep.i == last:
        return prep, "at"
    return prep, "whole" if last >= prep.right_edge.i else "part"


def cue_shape_keys(head: Token, prep: Token) -> list[str]:
    """The table keys of a verb and the preposition after it, the most specific first: with the
    preposition's object ("say in statement": PolNeAR keeps "said in a statement" in the cue more
    often than not, "said in an interview" less often), then without ("say in")."""
    pair = f"{head.lemma_.lower()} {prep.lower_}"
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    return [f"{pair} {obj.lemma_.lower()}", pair] if obj is not None else [pair]


def conventional_cue_end(
    doc: Doc, cue: TagSpan, head: Token, parts: Sequence[TagSpan], source: TagSpan | None
) -> TagSpan:
    """A verb cue ended where PolNeAR's annotators mostly end that verb's cue against the
    preposition after it (:func:`cue_shapes`): "said on Monday" -> "said", "pointed to the
    poll" -> "pointed to", "agreed | with" -> "agreed with".  The taggers follow each article's
    annotator; across articles the majority wins more often (PolNeAR dev cue exact-span
    F1 0.7266 -> 0.7320).  The cue never grows into the content or the source; ``head`` is the
    cue's :func:`cue_head`."""
    if head.i < cue.start:
        return cue
    found = cue_phrase(doc, head, cue.end)
    if found is None:
        return cue
    prep, shape = found
    shapes = cue_shapes()
    keys = cue_shape_keys(head, prep)
    wanted = next((shapes[k] for k in keys if k in shapes), None)
    if wanted is None or wanted == shape:
        return cue
    last = last_word(doc, {"before": prep.i - 1, "at": prep.i, "whole": prep.right_edge.i}[wanted], head.i)
    if last < head.i:
        return cue
    if last > cue.end:
        grown = range(cue.end + 1, last + 1)
        if any(sp.start <= grown[-1] and grown[0] <= sp.end for sp in [*parts, *([source] if source else [])]):
            return cue
    return TagSpan(cue.role, cue.start, last)
