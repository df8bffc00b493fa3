"""Rule pass of the attribution finder: source / cue / content candidates from the parse.

It finds

* verb cues with a clausal complement: "X said (that) Y", "Y, X told the Times";
* participial cues whose speaker is the main clause's subject: "…, claiming that Y";
* "according to X";
* nominal cues with a that/to-clause: "Hamas' demand is that Y", "Netanyahu's promise that Y";
* direct quotations with a cue in the same sentence ("X said: '…'", "'…,' X said");
* a paragraph ending in a cue and a colon ("The governor added:"): the next paragraph;
* reduced passive questions with no source: "Asked about X, …", "… when asked whether Y".

The candidates are hints for the trained tagger (:mod:`reportedly.nlp.attribution`) and supply
what PolNeAR does not annotate (stance, channel, implicit sources, nesting); on their own they
are the fallback when no model is installed.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Generic, TypeVar

from spacy.tokens import Doc, Span, Token

from reportedly.models import Attribution, AttributionKind
from reportedly.models import Span as TextSpan
from reportedly.nlp.actors import MEDIA_HEADS, doc_text, registry_of
from reportedly.nlp.lexicon import load_resource, noun_cues, stance_of, verb_cues

T = TypeVar("T")

_QUOTE_OPEN = {'"': '"', "“": "”", "«": "»", "„": "“", "''": "''", "``": "''"}
_QUOTE_CHARS = set('"“”«»„')
#: marks that close a quotation: a quoted piece keeps them, one that ends without them runs on
CLOSING_MARKS = frozenset('"”\'’')
#: quotation marks, including the typewriter pairs of two apostrophes or backticks some
#: newspapers (the New York Times archive) use for double quotes
_QUOTE_MARK = re.compile(r"''|``|[\"“”«»„]")


def is_quote_mark(text: str) -> bool:
    """Whether ``text`` (a token) is a quotation mark, typewriter pairs included."""
    return _QUOTE_MARK.fullmatch(text) is not None


_SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
_CONTENT_DEPS = {"ccomp", "xcomp", "parataxis"}
_CUE_MODIFIERS = {"aux", "auxpass", "neg", "advmod"}
#: separators trimmed off the edges of a span
PUNCT_EDGE = frozenset(" \n\t,;:—–-")
_CHANNEL_PREPS = {"to", "with"}
_CHANNEL_WORDS = load_resource("cues.yaml")["channels"]
#: nouns for the medium of a statement, whose "with"/"to" object is the channel
_CHANNEL_MEDIA = frozenset(str(w).lower() for w in _CHANNEL_WORDS["media"])
#: platforms whose name after "on" is the channel ("wrote on Facebook")
PLATFORMS = frozenset(str(w).lower() for w in _CHANNEL_WORDS["platforms"])
#: nouns for an outlet after "on" ("its Telegram channel", "state television")
_MEDIA_NOUNS = MEDIA_HEADS - {"report", "press", "paper"}
#: the prepositions that bring in a medium ("in an interview", "during an interview")
_MEDIUM_OPENERS = {"in", "during"}
#: prepositions that link a medium noun to its outlet or addressee ("an op-ed for X")
_MEDIUM_PREPS = _CHANNEL_PREPS | {"for", "on"}
#: entity types of a time, never a channel ("in an address on Wednesday")
_TIME_ENTITIES = frozenset({"DATE", "TIME"})
_ACTOR_WORDS = load_resource("actor_words.yaml")
#: common nouns that can be told or spoken with: people, groups and the press ("told reporters",
#: "spoke with voters"); any other noun after "to"/"with" is what the verb is about ("responded
#: to questions", "pointed to the poll") or its manner ("said with a laugh", "said to cheers")
_ADDRESSEES = frozenset(
    str(w).lower()
    for key in ("anonymous", "person_role", "official", "group")
    for w in _ACTOR_WORDS[key]
) | _MEDIA_NOUNS | frozenset(str(w).lower() for w in _CHANNEL_WORDS["addressees"])
#: entity types of a named addressee written as a common noun ("Democrats", "Americans")
_ADDRESSEE_ENTITIES = frozenset({"PERSON", "ORG", "NORP", "GPE"})
#: participles of speaking whose "to"/"with" object is the channel ("Speaking to Al Jazeera, …")
_SPEAKING = {"speak", "talk", "write"}
#: subordinators of a contrast that is the writer's, not part of the reported content
_CONTRAST = {"while", "whereas", "although", "though"}
#: subordinators of a clause after a set-off cue that is the writer's circumstance ("X is selling,
#: people said, as governments tighten sanctions").  Only "as": PolNeAR counts a "because" or
#: "while" clause there as part of what was said more often than not (on train, cutting those as
#: well lost two matches for one gained)
CIRCUMSTANCE_MARKS = frozenset({"as"})
_RELATIVE = {"who", "which", "that", "whom"}


@dataclass(slots=True)
class Candidate:
    cue: tuple[int, int] | None
    content: tuple[int, int]
    source: tuple[int, int] | None
    stance: str
    cue_type: str
    channel: tuple[int, int] | None = None
    implicit_source: bool = False
    subject_token: int | None = None  # for implicit sources: the token whose speaker we share
    head_token: int | None = None
    confidence: float = 1.0
    parts: list[tuple[int, int]] | None = None  # a discontinuous content's pieces, in order


class SpanIndex(Generic[T]):
    """Character spans with an item each, bucketed by position, so that the spans overlapping or
    containing a query are found without looking at every span: linking the attributions of a
    huge article stays linear instead of quadratic."""

    _WIDTH = 512

    def __init__(self) -> None:
        self._buckets: dict[int, list[tuple[int, int, int, T]]] = {}
        self._n = 0

    def add(self, start: int, end: int, item: T) -> None:
        entry = (start, end, self._n, item)
        self._n += 1
        for b in range(start // self._WIDTH, max(start, end - 1) // self._WIDTH + 1):
            self._buckets.setdefault(b, []).append(entry)

    def near(self, start: int, end: int) -> list[tuple[int, int, T]]:
        """Every stored span that may overlap [start, end), once each, in the order added."""
        seen: dict[int, tuple[int, int, T]] = {}
        for b in range(start // self._WIDTH, max(start, end - 1) // self._WIDTH + 1):
            for s, e, n, item in self._buckets.get(b, ()):
                seen[n] = (s, e, item)
        return [seen[n] for n in sorted(seen)]

    def overlaps(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e, _item in self.near(start, end))


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Character spans of quotations (marks included), paired within a paragraph.

    An opening mark with no closing mark in its paragraph runs to the paragraph's end: news
    style leaves multi-paragraph quotes open, and a stray mark must not swallow the article.
    """
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        start: int | None = None
        closer = ""
        base = para.start()
        for mark in _QUOTE_MARK.finditer(para.group()):
            ch = mark.group()
            if start is None:
                if ch in _QUOTE_OPEN:
                    start, closer = base + mark.start(), _QUOTE_OPEN[ch]
            elif ch == closer or (closer == '"' and ch == "”"):
                spans.append((start, base + mark.end()))
                start = None
        if start is not None and para.end() - start > 20:
            spans.append((start, para.end()))
    return spans


def strip_edges(text: str, start: int, end: int, chars: Collection[str]) -> tuple[int, int]:
    """``text[start:end]`` without any of ``chars`` at either edge (``start == end`` when nothing
    else is left)."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def trim_chars(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Character span without surrounding white space and separating punctuation."""
    text = doc_text(doc)
    while start < end and text[start] in PUNCT_EDGE:
        start += 1
    while end > start and (text[end - 1] in PUNCT_EDGE or text[end - 1] == "."):
        # keep a period only when a closing quote follows it inside the span
        end -= 1
    # re-balance a quotation mark cut off at either edge
    if end < len(text) and text[end : end + 1] in _QUOTE_CHARS and text[start:end].count('"') % 2 == 1:
        end += 1
    return start, end


def _subtree_chars(token: Token, *, exclude: set[int] | None = None) -> tuple[int, int]:
    first, last = token.left_edge, token.right_edge
    if not exclude or not any(first.i <= i <= last.i for i in exclude):
        # the subtree's edges, without walking it: a run-on "sentence" of thousands of tokens
        # (a text with no sentence breaks the parser sees) made the walk quadratic
        return first.idx, last.idx + len(last)
    toks = [t for t in token.subtree if t.i not in exclude]
    left = min(t.idx for t in toks)
    right = max(t.idx + len(t) for t in toks)
    return left, right


def _cue_chars(verb: Token) -> tuple[int, int]:
    """The cue: the verb with the auxiliaries, negation and adverbs right before it."""
    start = verb.i
    left = sorted((c for c in verb.lefts if c.dep_ in _CUE_MODIFIERS), key=lambda t: -t.i)
    for child in left:
        if child.i == start - 1:
            start = child.i
    end = verb.i
    for child in verb.rights:
        if child.dep_ == "prt" and child.i == end + 1:
            end = child.i
    doc = verb.doc
    return doc[start].idx, doc[end].idx + len(doc[end])


def speaker_of(verb: Token) -> Token | None:
    """The subject (or passive agent) of a speech verb, looking through a conjoined verb."""
    for child in verb.children:
        if child.dep_ in {"nsubj", "csubj"}:
            return child
        if child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    # "… he said" where the parser hung the subject on a conjoined verb
    if verb.dep_ == "conj" and verb.head.pos_ in {"VERB", "AUX"}:
        return speaker_of(verb.head)
    # "Residents, many of whom fled, said …": the parser reads the subject and its relative
    # clause as a fronted complement with two subjects; the first is the speaker
    for child in verb.lefts:
        if child.dep_ == "ccomp":
            subjects = [c for c in child.children if c.dep_ == "nsubj"]
            if len(subjects) >= 2 and any(t.lower_ in {"whom", "which"} for t in subjects[-1].subtree):
                return subjects[0]
    return None


def _source_chars(subject: Token) -> tuple[int, int]:
    if subject.lower_ in _RELATIVE and subject.head.dep_ == "relcl":
        subject = subject.head.head
    # the parser sometimes hangs a stray quotation mark or line break on the subject
    toks = [t for t in subject.subtree]
    while toks and (toks[0].is_space or toks[0].is_punct):
        toks.pop(0)
    while toks and (toks[-1].is_space or is_quote_mark(toks[-1].text) or toks[-1].text in {",", "("}):
        toks.pop()
    if not toks:
        return _subtree_chars(subject)
    return toks[0].idx, toks[-1].idx + len(toks[-1])


def _clause_chars(head: Token) -> tuple[int, int]:
    """A complement clause without a contrast clause the parser hung on it (", while …")."""
    cut: set[int] = set()
    for child in head.rights:
        if child.dep_ in ("advcl", "conj") and any(
            g.dep_ in ("mark", "cc") and g.lower_ in _CONTRAST for g in child.children
        ):
            cut.update(t.i for t in child.subtree)
            if child.i > 0 and child.doc[child.i - 1].is_punct:
                cut.add(child.i - 1)
    return _subtree_chars(head, exclude=cut or None)


def but_clause_end(doc: Doc, participle: Token, last: int) -> int | None:
    """Where "…, claiming that A, but B …" really ends: after the but-clause.

    The parser hangs a "but" clause that follows a participial cue's complement on the main
    verb ("X backed Y, claiming that A, but B pushed C"), so the tagged content stops at ", but".
    When the complement runs right up to ", but" and nothing else follows the clause in the
    sentence, the contrast belongs to what is claimed; the content runs to the clause's end.
    """
    if last + 2 >= len(doc) or doc[last + 1].text != "," or doc[last + 2].lower_ != "but":
        return None
    main = participle.head
    if doc[last + 2].head != main:
        return None
    conj = next((c for c in main.rights if c.dep_ == "conj" and c.i > last + 2), None)
    if conj is None:
        return None
    end = conj.right_edge.i
    while end > conj.i and (doc[end].is_punct or doc[end].is_space):
        end -= 1
    return end


def channel_of(verb: Token) -> tuple[int, int] | None:
    """"told The New York Times", "confirmed to the Times", "in an interview with X"."""
    for child in verb.children:
        if verb.lemma_ == "tell" and child.dep_ in {"dobj", "dative", "iobj"} and child.pos_ in {"PROPN", "NOUN"}:
            return _subtree_chars(child)
        if child.dep_ in {"prep", "dative"} and child.lower_ in _CHANNEL_PREPS:
            objs = [g for g in child.children if g.dep_ == "pobj"]
            if objs and _is_addressee(objs[0]):
                return _subtree_chars(objs[0])
        if child.dep_ == "prep" and child.lower_ == "on" and (found := _platform(child)) is not None:
            return found  # "wrote on Facebook", "said on its Telegram channel", "said on CNN"
        if child.dep_ == "prep" and child.lower_ in _MEDIUM_OPENERS:
            # "in an interview with X" / "in a statement to X" / "in an op-ed for X" / "in remarks
            # broadcast on X" / "during an interview with X": the medium's addressee or outlet
            for pobj in child.children:
                if pobj.dep_ == "pobj" and _medium_word(pobj) in _CHANNEL_MEDIA:
                    found = _medium_outlet(pobj)
                    if found is not None:
                        return found
        if child.dep_ == "advcl" and child.tag_ == "VBG" and child.lemma_.lower() in _SPEAKING:
            # "Speaking to Al Jazeera on Sunday, the commander denied …"
            found = _prepositional_object(child, _CHANNEL_PREPS)
            if found is not None:
                return found
    return None


def _is_addressee(noun: Token) -> bool:
    """Whether the object of "to"/"with" after a speech verb can be its channel: a name, or a
    common noun for people, a group or the press."""
    if noun.pos_ == "PROPN":
        return True
    if noun.pos_ != "NOUN":
        return False
    return noun.lemma_.lower() in _ADDRESSEES or noun.lower_ in _ADDRESSEES or noun.ent_type_ in _ADDRESSEE_ENTITIES


def _platform(prep: Token) -> tuple[int, int] | None:
    """The object of "on" when it is a platform or an outlet: a platform's name ("Facebook",
    "Truth Social"), a media noun ("its Telegram channel", "state television") or a proper name
    the registry knows as media ("CNN")."""
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if obj is None or obj.ent_type_ in _TIME_ENTITIES:
        return None
    words = [t for t in obj.subtree if not t.is_punct and t.dep_ not in ("det", "poss")]
    name = " ".join(t.lower_ for t in words)
    if name in PLATFORMS or (obj.pos_ == "NOUN" and obj.lemma_.lower() in _MEDIA_NOUNS):
        return _subtree_chars(obj)
    if obj.pos_ == "PROPN":
        entry = registry_of(obj.doc).lookup(" ".join(t.text for t in words))
        if entry is not None and entry.type == "media":
            return _subtree_chars(obj)
    return None


def _prepositional_object(head: Token, preps: set[str] | frozenset[str]) -> tuple[int, int] | None:
    """The noun phrase after the first of ``preps`` hanging on ``head`` ("to | Al Jazeera")."""
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in preps:
            objs = [g for g in prep.children if g.dep_ == "pobj"]
            # "a televised address on Wednesday": a time is not an outlet; "the UN secretary-
            # general" is a noun phrase the tagger headed with an adjective
            if objs and objs[0].ent_type_ not in _TIME_ENTITIES and (
                objs[0].pos_ in {"PROPN", "NOUN"} or any(t.pos_ in {"PROPN", "NOUN"} for t in objs[0].lefts)
            ):
                return _subtree_chars(objs[0])
    return None


def _medium_word(noun: Token) -> str:
    """A medium noun as written, with a hyphenated first part ("op-ed", which spaCy splits)."""
    doc = noun.doc
    start = noun.i
    while start >= 2 and doc[start - 1].text == "-" and doc[start - 2].dep_ == "compound":
        start -= 2
    return "".join(t.text for t in doc[start : noun.i + 1]).lower() if start < noun.i else noun.lemma_.lower()


def _medium_outlet(medium: Token) -> tuple[int, int] | None:
    """The outlet or addressee of a medium noun: "interview with X", "op-ed for X", "remarks
    broadcast on X"."""
    found = _prepositional_object(medium, _MEDIUM_PREPS)
    for clause in medium.children:
        if found is None and clause.dep_ == "acl" and clause.tag_ == "VBN":
            found = _prepositional_object(clause, {"on", "in", "by"})
    return found


def _opens_block(verb: Token) -> bool:
    """Whether ``verb`` ends its paragraph with a colon ("He added:" and a line break)."""
    doc = verb.doc
    if verb.i + 1 >= len(doc) or doc[verb.i + 1].text != ":":
        return False
    colon = doc[verb.i + 1]
    return doc_text(doc)[colon.idx + 1 : colon.idx + 3].startswith("\n")


def is_reduced_question(tok: Token) -> bool:
    """"Asked about X, …" / "… when asked whether Y": a passive "ask" with its auxiliary and
    subject left out, opening its sentence or after "when", "after", "if", "once", "while"."""
    if tok.lemma_.lower() != "ask" or tok.tag_ != "VBN":
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass", "auxpass", "aux") for c in tok.children):
        return False
    return tok.i == tok.sent.start or tok.doc[tok.i - 1].lower_ in ("when", "after", "if", "once", "while")


def _content_child(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in {"ccomp", "xcomp"} and not (child.dep_ == "xcomp" and verb.lemma_ in {"say", "tell"}):
            return child
    return None


def noun_clause(noun: Token) -> Token | None:
    """The that- or to-clause a nominal cue governs ("X's demand that …", "a promise to …")."""
    clause = None
    for child in noun.children:
        if child.dep_ in {"acl", "ccomp"} and any(g.lower_ in {"that", "to"} for g in child.children):
            clause = child
    return clause


class RuleFinder:
    """Candidate attributions from the dependency parse (see module docstring)."""

    def __init__(self) -> None:
        self.verbs = verb_cues()
        self.nouns = noun_cues()

    # -- candidate generation -------------------------------------------------------------

    def candidates(self, doc: Doc, quotes: list[tuple[int, int]] | None = None) -> list[Candidate]:
        if quotes is None:
            quotes = find_quotes(doc_text(doc))
        found: list[Candidate] = []
        blocks: list[Candidate] = []
        for token in doc:
            if is_reduced_question(token):
                cand = self._asked(token)
                if cand:
                    found.append(cand)
            elif token.pos_ in {"VERB", "AUX", "ADJ"} and token.lemma_.lower() in self.verbs:
                if _opens_block(token):
                    # "He added:" ending its paragraph reports the next paragraph, not its
                    # complement; such candidates come after the others, which win a tie
                    cand = self._block_quote(token)
                    if cand:
                        blocks.append(cand)
                else:
                    cand = self._verb_candidate(token)
                    if cand:
                        found.append(cand)
            elif token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
                cand = self._according_to(token)
                if cand:
                    found.append(cand)
            elif token.pos_ == "NOUN" and token.lemma_.lower() in self.nouns:
                cand = self._noun_candidate(token)
                if cand:
                    found.append(cand)
        found.extend(blocks)
        found.extend(self._quote_candidates(doc, quotes, found))
        return _dedupe(found)

    def _verb_candidate(self, verb: Token) -> Candidate | None:
        doc = verb.doc
        content_tok = _content_child(verb)
        content: tuple[int, int] | None = None
        if content_tok is not None:
            content = _clause_chars(content_tok)
        elif verb.lemma_.lower() in {"seek", "want", "demand", "request"}:
            objs = [c for c in verb.children if c.dep_ == "dobj"]
            if objs and any(t.dep_ in {"acl", "ccomp", "relcl"} for t in objs[0].subtree):
                content = _subtree_chars(objs[0])
        if content is None:
            return None
        subject = speaker_of(verb)
        source = _source_chars(subject) if subject is not None else None
        implicit = False
        subject_token = None
        if subject is None:
            if verb.tag_ == "VBG" and verb.dep_ in {"advcl", "xcomp", "conj"}:
                implicit = True
                subject_token = verb.head.i
            else:
                return None
        elif subject.pos_ not in {"PROPN", "NOUN", "PRON", "NUM"} and subject.dep_ != "csubj":
            return None
        elif subject.lower_ in {"it", "there", "this"}:
            return None  # expletive or abstract subject: "it is said that …"
        cue = _cue_chars(verb)
        channel = channel_of(verb)
        if channel and source and channel[0] < source[1] and source[0] < channel[1]:
            channel = None
        content = trim_chars(doc, *content)
        if content[1] - content[0] < 3:
            return None
        if implicit:
            span = doc.char_span(content[0], content[1], alignment_mode="expand")
            end = but_clause_end(doc, verb, span[-1].i) if span is not None and len(span) else None
            if end is not None:
                content = (content[0], doc[end].idx + len(doc[end]))
        return Candidate(
            cue=cue,
            content=content,
            source=source,
            stance=stance_of(verb.lemma_),
            cue_type="verb" if not implicit else "participle",
            channel=channel,
            implicit_source=implicit,
            subject_token=subject_token,
            head_token=verb.i,
        )

    def _according_to(self, according: Token) -> Candidate | None:
        doc = according.doc
        to = doc[according.i + 1]
        objs = [c for c in to.children if c.dep_ == "pobj"]
        if not objs:
            return None
        source = _subtree_chars(objs[0])
        sent = according.sent
        phrase = {t.i for t in according.subtree} | {t.i for t in to.subtree}
        body = [t for t in sent if t.i not in phrase and not t.is_space]
        if not body:
            return None
        content = trim_chars(doc, body[0].idx, body[-1].idx + len(body[-1]))
        if content[0] < source[1] and source[0] < content[1]:
            # "according to" sits inside the clause: keep the longer side of the sentence
            before = trim_chars(doc, sent.start_char, according.idx)
            after = trim_chars(doc, source[1], sent.end_char)
            opener = doc.char_span(after[0], after[1], alignment_mode="expand") if after[1] > after[0] else None
            if opener is not None and len(opener) and opener[0].pos_ == "CCONJ" and before[1] - before[0] >= 3:
                # "X leads by 271 delegates, according to a count by the AP, but Y has vowed …":
                # the clause after "but" is another's report, not what the count says
                content = before
            else:
                content = max(before, after, key=lambda s: s[1] - s[0])
        if content[1] - content[0] < 3:
            return None
        return Candidate(
            cue=(according.idx, to.idx + len(to)),
            content=content,
            source=source,
            stance="neutral",
            cue_type="according_to",
            head_token=according.i,
        )

    def _block_quote(self, verb: Token) -> Candidate | None:
        """"The governor added:" ending a paragraph: the next paragraph is what he added (a block
        quotation, often without quotation marks).  On PolNeAR train such candidates match a gold
        attribution 6 times in 12 (dev 4 in 5)."""
        if verb.pos_ != "VERB":
            return None
        subject = speaker_of(verb)
        if subject is None or subject.dep_ == "expl":
            return None
        doc = verb.doc
        text = doc_text(doc)
        start = doc[verb.i + 1].idx + 1  # after the colon
        while start < len(text) and text[start].isspace():
            start += 1
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        content = trim_chars(doc, start, end)
        if content[1] - content[0] < 3:
            return None
        return Candidate(
            cue=_cue_chars(verb),
            content=content,
            source=_source_chars(subject),
            stance=stance_of(verb.lemma_),
            cue_type="verb",
            head_token=verb.i,
        )

    def _asked(self, asked: Token) -> Candidate | None:
        """"Asked about the strike, the minister said …": what was asked is the content, and
        the asker is nobody named (PolNeAR: 34 of 40 sentence-opening "Asked" have no source)."""
        doc = asked.doc
        comps = [c for c in asked.children if c.dep_ in ("ccomp", "xcomp", "dobj") and c.i > asked.i]
        if comps:
            first, last = comps[0].left_edge.i, comps[0].right_edge.i
        else:
            preps = [c for c in asked.children if c.dep_ == "prep" and c.lower_ in ("about", "on") and c.i > asked.i]
            objs = [g for p in preps[:1] for g in p.children if g.dep_ in ("pobj", "pcomp")]
            if not objs:
                return None
            first, last = objs[0].left_edge.i, objs[0].right_edge.i
        content = trim_chars(doc, doc[first].idx, doc[last].idx + len(doc[last]))
        if content[1] - content[0] < 3:
            return None
        return Candidate(
            cue=(asked.idx, asked.idx + len(asked)),
            content=content,
            source=None,
            stance="neutral",
            cue_type="verb",
            head_token=asked.i,
        )

    def _noun_candidate(self, noun: Token) -> Candidate | None:
        doc = noun.doc
        content_tok = noun_clause(noun)
        # "Hamas' main demand is that …": the clause hangs on the copula
        if content_tok is None and noun.dep_ == "nsubj" and noun.head.lemma_ == "be":
            for child in noun.head.children:
                if child.dep_ == "ccomp":
                    content_tok = child
        if content_tok is None:
            return None
        owners = [c for c in noun.children if c.dep_ == "poss"]
        if not owners:
            return None
        owner = owners[0]
        source = (owner.idx, owner.idx + len(owner))
        for c in owner.children:
            if c.dep_ == "case":
                source = (min(source[0], c.idx), max(source[1], c.idx + len(c)))
        source = (_subtree_chars(owner)[0], source[1])
        cue_start = noun.idx
        for c in noun.lefts:
            if c.dep_ == "amod" and c.i == noun.i - 1:
                cue_start = c.idx
        content = trim_chars(doc, *_clause_chars(content_tok))
        return Candidate(
            cue=(cue_start, noun.idx + len(noun)),
            content=content,
            source=source,
            stance=stance_of(noun.lemma_, nominal=True),
            cue_type="noun",
            head_token=noun.i,
        )

    def _quote_candidates(
        self, doc: Doc, quotes: list[tuple[int, int]], found: list[Candidate]
    ) -> list[Candidate]:
        out: list[Candidate] = []
        covered = [c.content for c in found]
        for qs, qe in quotes:
            if len(doc_text(doc)[qs:qe].split()) < 4:
                continue  # a scare-quoted word or title, not a quotation
            if any(cs <= qs and qe <= ce + 1 for cs, ce in covered):
                continue
            sent = doc.char_span(qs, qs + 1, alignment_mode="expand")
            if sent is None:
                continue
            cue_tok = self._cue_near_quote(doc, sent[0].sent, qs, qe)
            if cue_tok is None:
                continue
            subject = speaker_of(cue_tok)
            source = _source_chars(subject) if subject is not None else None
            out.append(
                Candidate(
                    cue=_cue_chars(cue_tok),
                    content=(qs, qe),
                    source=source,
                    stance=stance_of(cue_tok.lemma_),
                    cue_type="verb",
                    channel=channel_of(cue_tok),
                    head_token=cue_tok.i,
                )
            )
        return out

    def _cue_near_quote(self, doc: Doc, sent: Span, qs: int, qe: int) -> Token | None:
        """A speech verb outside the quotation, in its sentence or the sentence before a colon."""
        for token in sent:
            if qs <= token.idx < qe:
                continue
            if token.pos_ in {"VERB", "AUX"} and token.lemma_.lower() in self.verbs and speaker_of(token):
                return token
        if sent.start > 0:
            prev = doc[sent.start - 1].sent
            if prev[-1].text == ":" or (prev[-1].is_space and len(prev) > 1 and prev[-2].text == ":"):
                for token in prev:
                    if token.pos_ == "VERB" and token.lemma_.lower() in self.verbs and speaker_of(token):
                        return token
        return None



def to_records(doc: Doc, candidates: list[Candidate], quotes: list[tuple[int, int]]) -> list[Attribution]:
    """Attribution records in text order, nesting marked; implicit-source heads go to user_data.

    ``doc.user_data["reportedly_implicit_heads"]`` maps the id of every attribution with an
    implicit source to the index of the token whose subject is the speaker (the main clause's
    verb for "…, claiming that …"): the speaker resolver's hand-off.
    ``doc.user_data["reportedly_content_parts"]`` maps the id of a discontinuous content
    ('"A," she said, "B."') to its pieces; the record's content spans from the first to the last.
    """
    text = doc_text(doc)
    ordered = sorted(candidates, key=lambda c: (c.content[0], c.content[1]))
    records: list[Attribution] = []
    for n, cand in enumerate(ordered, start=1):
        cs, ce = cand.content
        records.append(
            Attribution(
                id=f"A{n}",
                content=TextSpan.of(text, cs, ce),
                cue=TextSpan.of(text, *cand.cue) if cand.cue else None,
                source=TextSpan.of(text, *_trimmed(text, cand.source)) if cand.source else None,
                kind=_kind(text, cand.parts or [(cs, ce)], quotes),
                stance=cand.stance,  # type: ignore[arg-type]
                channel=TextSpan.of(text, *cand.channel) if cand.channel else None,
                implicit_source=cand.implicit_source,
                cue_type=cand.cue_type,
                confidence=cand.confidence,
            )
        )
    _mark_nesting(records)
    doc.user_data["reportedly_implicit_heads"] = {
        r.id: c.subject_token for r, c in zip(records, ordered, strict=True) if c.subject_token is not None
    }
    doc.user_data["reportedly_content_parts"] = {
        r.id: list(c.parts) for r, c in zip(records, ordered, strict=True) if c.parts
    }
    return records


#: what a source span never starts or ends with: the taggers often take the comma that closes an
#: appositive ("The comptroller, | asked about …"); the scorer ignores it, a reader does not
_SOURCE_EDGE = " \t\n\xa0,;:"


def _trimmed(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """``span`` without separators at its edges (unchanged if nothing else is left)."""
    start, end = strip_edges(text, *span, _SOURCE_EDGE)
    return (start, end) if start < end else span


def _kind(text: str, pieces: list[tuple[int, int]], quotes: list[tuple[int, int]]) -> AttributionKind:
    """direct when (nearly) all the content is quoted, mixed when part of it is, else indirect."""
    quoted = body = 0
    for start, end in pieces:
        inside = [(max(qs, start), min(qe, end)) for qs, qe in quotes if qs < end and start < qe]
        quoted += sum(e - s for s, e in inside)
        body += len(text[start:end].strip(" .,\"“”"))
    if not quoted:
        return "indirect"
    if quoted >= 0.9 * max(body, 1):
        return "direct"
    return "mixed"


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    """One candidate per content span; a cue can introduce one content."""
    seen_content: dict[tuple[int, int], Candidate] = {}
    seen_cue: set[tuple[int, int]] = set()
    out: list[Candidate] = []
    for cand in cands:
        if cand.content in seen_content:
            continue
        if cand.cue and cand.cue in seen_cue:
            continue
        seen_content[cand.content] = cand
        if cand.cue:
            seen_cue.add(cand.cue)
        out.append(cand)
    return out


def _mark_nesting(records: list[Attribution]) -> None:
    """An attribution whose cue and source lie inside another's content is nested in it."""
    contents: SpanIndex[Attribution] = SpanIndex()
    for record in records:
        contents.add(record.content.start, record.content.end, record)
    for inner in records:
        anchor = inner.cue or inner.content
        best: Attribution | None = None
        for _s, _e, outer in contents.near(anchor.start, anchor.start + 1):
            if outer is inner or not outer.content.contains(anchor):
                continue
            if outer.content.contains(inner.content) and (
                best is None or best.content.contains(outer.content)
            ):
                best = outer
        inner.nested_in = best.id if best else None
