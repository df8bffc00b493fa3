"""Decoding of the taggers' labels into attributions, with the parse's help.

:func:`decode` turns a tag sequence (:class:`~reportedly.nlp.attribution_tagger.Tagger`) into
attributions: every cue span anchors one attribution; content spans join the cue that governs
them in the parse, else the nearest cue (same sentence first, then the paragraph, then the
paragraph before — for "X said:" followed by a quoted paragraph); a source span joins the cue
whose subject it holds, else the nearest cue of its sentence, one source per cue.  The helpers
below repair shapes the taggers get wrong ("according to X", "X was quoted by Y as saying",
participles, raising verbs); each says why.  The edges of the spans themselves are repaired in
:mod:`reportedly.nlp.attribution_spans`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from spacy.attrs import HEAD
from spacy.tokens import Doc, Token

from reportedly.nlp.attribution_features import learnt_cues, paragraphs, quote_mask
from reportedly.nlp.attribution_rules import (
    CIRCUMSTANCE_MARKS,
    CLOSING_MARKS,
    Candidate,
    but_clause_end,
    channel_of,
    doc_text,
    speaker_of,
)
from reportedly.nlp.attribution_spans import (
    TagSpan,
    after_semicolon,
    before_appositive_report,
    chars,
    content_after_circumstance,
    conventional_cue_end,
    cue_before_channel,
    cue_head,
    cut_at_participle,
    finish_pieces,
    last_word,
    spans_of,
    trim_cue_tail,
    trim_pieces,
    whole_noun_phrase,
    within_noun_clause,
)
from reportedly.nlp.lexicon import noun_cues, stance_of, verb_cues

#: what ends the quotation before an inverted cue ('"…," said X')
_QUOTE_CLOSERS = frozenset({'"', "”", "''", "’", ","})

#: token-distance penalties used by the decoder to prefer same-sentence, same-paragraph links
_SENT_PENALTY = 25
_PARA_PENALTY = 200


def _governing_cue(
    i: int, heads: Sequence[int], cue_of: dict[int, int], limit: int = 6, skip: frozenset[int] = frozenset()
) -> int | None:
    """The cue whose words govern token ``i`` within ``limit`` steps up the tree (cues in
    ``skip`` are passed); ``heads`` holds each token's head index."""
    node = i
    for _ in range(limit):
        k = cue_of.get(node)
        if k is not None and k not in skip:
            return k
        head = heads[node]
        if head == node:
            return None
        node = head
    k = cue_of.get(node)
    return None if k in skip else k


def _subjects_into_contents(doc: Doc, orphans: list[TagSpan], contents: dict[int, list[TagSpan]]) -> None:
    """"The diplomat said | the Front's chief, Yusuf Darwan, | had told mediators he was ready":
    a source the taggers saw for a cue they missed, left without a cue, that is the subject of
    the content right after it, opens that content (the report inside is found by the rules
    and nested)."""
    for orphan in orphans:
        root = doc[orphan.start : orphan.end + 1].root
        if root.dep_ not in ("nsubj", "nsubjpass"):
            continue
        verb = root.head
        for parts in contents.values():
            for n, part in enumerate(parts):
                gap = range(orphan.end + 1, part.start)
                if part.start <= orphan.end or any(not (doc[i].is_punct or doc[i].is_space) for i in gap):
                    continue
                # the content opens with that subject's verb (or its auxiliary): the verb phrase
                opens = doc[part.start]
                if part.start <= verb.i <= part.end and (
                    opens.i == verb.i or (opens.head.i == verb.i and opens.dep_ in ("aux", "auxpass", "neg"))
                ):
                    parts[n] = TagSpan(part.role, orphan.start, part.end)


def _clause_around_aside(doc: Doc, cue: TagSpan, parts: list[TagSpan], source: TagSpan | None) -> list[TagSpan]:
    """"Harbor Global is exploring a sale, people familiar with the matter said, as governments
    tighten sanctions": a cue set off inside the main clause (a ``parataxis``) reports that
    clause; when the taggers gave it only the subordinate clause after it ("as governments …"),
    the writer's circumstance, the content is the main clause before the source."""
    head = cue_head(doc, cue)
    if not parts or head.dep_ != "parataxis" or head.head.i == head.i or head.head.i > cue.start:
        return parts
    main = head.head
    after = next(
        (c for c in main.children if c.dep_ == "advcl" and c.left_edge.i > cue.end
         and c.left_edge.lower_ in CIRCUMSTANCE_MARKS and c.left_edge.dep_ == "mark"),
        None,
    )
    if after is None or not all(after.left_edge.i <= p.start and p.end <= after.right_edge.i for p in parts):
        return parts
    first = main.left_edge.i
    last = last_word(doc, (source.start if source is not None and source.start < cue.start else cue.start) - 1, first)
    if last <= first or last >= cue.start:
        return parts
    return [TagSpan("T", first, last)]


def _participle_clause(doc: Doc, participle: Token) -> Token:
    """The verb whose subject a participial cue's speaker is: the one it hangs on, except that a
    participle set off by a comma after a relative clause ("vetoed a bill that would have raised
    the wage, calling it a job killer", which the parser hangs on "raised") belongs to the verb
    of the noun that clause describes ("vetoed")."""
    main = participle.head
    if main.dep_ != "relcl" or participle.i == 0 or doc[participle.i - 1].text != ",":
        return main
    governor = main.head.head
    if governor.i == main.head.i or governor.pos_ not in ("VERB", "AUX"):
        return main
    return governor


#: verbs whose subject is part of what is reported ("X seems to …", "X appeared paralysed")
RAISING_VERBS = frozenset({"seem", "appear"})


def _raising_passive(tok: Token) -> bool:
    """"X is expected to …", "X was seen as …": a passive with no agent whose subject belongs to
    its complement (PolNeAR: 126 of 157 such cues on train have no source and the subject in
    the content; dev relation F1 0.6987 -> 0.6992, train 0.7939 -> 0.7942)."""
    kids = [c.dep_ for c in tok.children]
    return "nsubjpass" in kids and "agent" not in kids and ("xcomp" in kids or "oprd" in kids)


def is_raising_verb(tok: Token) -> bool:
    """"seem" or "appear" as a verb (not "appear on television": that one has no complement)."""
    return tok.lemma_.lower() in RAISING_VERBS and any(
        c.dep_ in ("xcomp", "acomp", "ccomp", "attr", "oprd") for c in tok.children
    )


def _known_cue(tok: Token) -> bool:
    lemma = tok.lemma_.lower()
    return lemma in verb_cues() or lemma in noun_cues() or f"{lemma}|{tok.pos_}" in learnt_cues()


def _mean(values: Sequence[float], first: int, last: int) -> float:
    return sum(values[first : last + 1]) / (last - first + 1)


def _main_subject_source(doc: Doc, verb: Token, source_spans: list[TagSpan]) -> tuple[int, int] | None:
    """The tagged source span holding the subject of ``verb`` (or of the verb it is conjoined to)."""
    for node in (verb, verb.head if verb.dep_ == "conj" else None):
        if node is None:
            continue
        for child in node.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                for span in source_spans:
                    if span.start <= child.i <= span.end:
                        return chars(doc, span.start, span.end)
    return None


def _according_source(doc: Doc, according: Token, parts: list[TagSpan]) -> tuple[int, int, list[TagSpan]] | None:
    """"According to the data, A": the phrase after "to" is the source, never content.

    The taggers sometimes read a document or a figure ("the data", "a complaint filed by …") as
    the start of the content; PolNeAR marks the phrase right after "according to" as the source in
    all 423 such cues on train and dev.  Returns the phrase's first and last token and the content
    parts without it, or None when "to" has no object.
    """
    to = doc[according.i + 1] if according.i + 1 < len(doc) else None
    obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None and to.lower_ == "to" else None
    if obj is None:
        return None
    first, last = obj.left_edge.i, obj.right_edge.i
    kept: list[TagSpan] = []
    for part in parts:
        if part.end < first or part.start > last:
            kept.append(part)
        elif part.end > last:
            start = last + 1
            while start <= part.end and (doc[start].is_punct or doc[start].is_space):
                start += 1
            if start <= part.end:
                kept.append(TagSpan(part.role, start, part.end))
        elif part.start < first:
            kept.append(TagSpan(part.role, part.start, first - 1))
    return first, last, kept


def _quoted_as(
    doc: Doc, head: Token, parts: list[TagSpan]
) -> tuple[tuple[int, int], tuple[int, int] | None, list[TagSpan]] | None:
    """"X was quoted (by Y) as saying that …": the subject X is the source and Y the channel.

    The taggers read the passive like "X was accused by Y" (Y the source, X the content); PolNeAR
    marks the subject of "is quoted as saying" as its source.  Returns the source's characters,
    the channel's (or None), and the content parts: the complement of "saying", else the tagged
    parts after it (a quotation the parser did not hang on it).
    """
    if head.lemma_.lower() != "quote":
        return None
    subject = next((c for c in head.children if c.dep_ == "nsubjpass"), None)
    as_prep = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "as"), None)
    saying = next((c for c in as_prep.children if c.dep_ == "pcomp"), None) if as_prep is not None else None
    if subject is None or saying is None or saying.tag_ != "VBG":
        return None
    src = [t for t in subject.subtree if not (t.is_punct or t.is_space)]
    if not src:
        return None
    agent = next((c for c in head.children if c.dep_ == "agent"), None)
    by = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    channel = chars(doc, by.left_edge.i, by.right_edge.i) if by is not None else None
    comp = next((c for c in saying.children if c.dep_ in ("ccomp", "dobj")), None)
    if comp is not None and comp.i > saying.i:
        last = comp.right_edge.i
        # the sentence's full stop is not quoted, a closing quotation mark is
        while last > comp.left_edge.i and (doc[last].is_space or (doc[last].is_punct and doc[last].text not in CLOSING_MARKS)):
            last -= 1
        content = [TagSpan("T", comp.left_edge.i, last)]
    else:
        content = [p for p in parts if p.start > saying.i]
    return chars(doc, src[0].i, src[-1].i), channel, content


#: verbs of a reduced relative clause about the people who speak ("voters polled", "nurses
#: interviewed outside the hospital") that the parser sometimes takes for the main verb
_REDUCED_RELATIVE_VERBS = frozenset({"interview", "poll", "survey", "ask", "question", "contact", "reach", "quote"})


def _parse_source(doc: Doc, verb: Token, cue: TagSpan, parts: Sequence[TagSpan]) -> tuple[int, int] | None:
    """The parse's subject of ``verb`` as a source span, for a cue the tagger gave no source.

    The subject's whole phrase, as PolNeAR marks it ("Clinton, the former secretary of State,"),
    trimmed of edge punctuation; a relative pronoun stays itself ("who said …").  None when the
    verb has no subject, the subject is an expletive ("it is said"), or the phrase would overlap
    the cue or the content.
    """
    subject = speaker_of(verb)
    if (
        subject is None and verb.dep_ == "dep" and verb.head.i < verb.i
        and verb.head.lemma_.lower() in _REDUCED_RELATIVE_VERBS
    ):
        # "Several nurses interviewed outside the hospital said …": the parser made the reduced
        # relative clause the main verb and hung the cue on it; its subject and the clause up to
        # the cue are the source
        first_subject = next((c for c in verb.head.children if c.dep_ == "nsubj" and c.i < verb.head.i), None)
        if first_subject is not None:
            toks = [t for t in doc[first_subject.left_edge.i : verb.i] if not (t.is_space or t.is_punct)]
            if toks and not any(toks[0].i <= p.end and p.start <= toks[-1].i for p in parts):
                return chars(doc, toks[0].i, toks[-1].i)
    if subject is None or subject.dep_ == "expl":
        return None
    toks = list(subject.subtree)
    while toks and (toks[0].is_space or toks[0].is_punct):
        toks.pop(0)
    while toks and (toks[-1].is_space or toks[-1].is_punct):
        toks.pop()
    if not toks:
        return None
    first, last = toks[0].i, toks[-1].i
    if first <= cue.end and cue.start <= last:
        return None
    if any(first <= p.end and p.start <= last for p in parts):
        return None
    return chars(doc, first, last)


#: verbs whose object is what they take a stand on ("welcomed the deal", "condemned the launch")
_OBJECT_REPORTS = frozenset({"welcome", "praise", "condemn", "denounce", "criticize", "criticise", "hail",
                             "applaud", "slam", "blast", "reject", "deny", "dismiss", "endorse", "back"})


def _object_content(doc: Doc, cue: TagSpan) -> list[TagSpan]:
    """"Health Minister Lena Strand welcomed | the deal": the object of a verb of stance, for a
    cue the taggers gave no content (PolNeAR dev relation 0.7100 -> 0.7104, cue exact 0.7320 ->
    0.7323; train relation 0.7872 -> 0.7870; on 40 test articles of our own it added only this
    one)."""
    head = cue_head(doc, cue)
    if head.lemma_.lower() not in _OBJECT_REPORTS or head.pos_ != "VERB":
        return []
    obj = next((c for c in head.children if c.dep_ == "dobj" and c.i > cue.end), None)
    if obj is None:
        return []
    first, last = obj.left_edge.i, obj.right_edge.i
    if first <= cue.end:
        return []
    return [TagSpan("T", first, last)]


def decode(
    doc: Doc,
    labels: Sequence[str],
    quotes: Sequence[tuple[int, int]],
    probs: Sequence[float] | None = None,
    min_confidence: float = 0.0,
) -> list[Candidate]:
    """Attributions (as rule-pass :class:`Candidate` records) from a tag sequence."""
    paras = paragraphs(doc)
    para_no = [-1] * len(doc)
    spans: list[TagSpan] = []
    for n, para in enumerate(paras):
        for i in para:
            para_no[i] = n
        spans.extend(spans_of(labels, para))
    # white space (left out of paragraphs) belongs with the word before it, so that a
    # non-breaking space or a double space inside a sentence does not end it
    for i in range(len(doc)):
        if para_no[i] < 0:
            para_no[i] = para_no[i - 1] if i else 0
    # sentences, also cut at paragraph ends: the parser sometimes runs one over a line break
    sent_no = [0] * len(doc)
    n = 0
    for tok in doc:
        if tok.i and (tok.is_sent_start or para_no[tok.i] != para_no[tok.i - 1]):
            n += 1
        sent_no[tok.i] = n
    # where each token's sentence ends (exclusive), in the same sense
    sent_end = [len(doc)] * len(doc)
    for i in range(len(doc) - 2, -1, -1):
        sent_end[i] = i + 1 if sent_no[i + 1] != sent_no[i] else sent_end[i + 1]
    cues = [s for s in spans if s.role == "C"]
    if not cues:
        return []
    spans = [whole_noun_phrase(doc, s, labels) if s.role == "S" else s for s in spans]
    cue_of = {i: k for k, c in enumerate(cues) for i in range(c.start, c.end + 1)}
    # head indices from the parse array: Token.head builds a Token object per call
    heads: list[int] = (np.arange(len(doc)) + doc.to_array(HEAD).astype(np.int64)).tolist()
    # cues by sentence and by paragraph (in cue order), so that linking looks only near a span:
    # a huge article with one paragraph must not cost cues × spans
    by_sent: dict[int, list[int]] = {}
    by_para: dict[int, list[int]] = {}
    for cue_no, c in enumerate(cues):
        by_sent.setdefault(sent_no[c.start], []).append(cue_no)
        by_para.setdefault(para_no[c.start], []).append(cue_no)

    def cues_near(sent: int, reach: int) -> list[int]:
        return [k for s in range(sent - reach, sent + reach + 1) for k in by_sent.get(s, ())]

    unsure = frozenset(
        k for k, c in enumerate(cues) if probs is not None and _mean(probs, c.start, c.end) < min_confidence
    )

    def distance(a: TagSpan, b: TagSpan) -> int:
        gap = max(0, b.start - a.end - 1, a.start - b.end - 1)
        gap += _SENT_PENALTY * abs(sent_no[a.start] - sent_no[b.start])
        gap += _PARA_PENALTY * abs(para_no[a.start] - para_no[b.start])
        return gap

    qmask = quote_mask(doc, quotes)
    # paragraphs that end in a colon or a cue introduce the quotation that follows them
    opens_next = {
        n for n, para in enumerate(paras) if doc[para[-1]].text in (":", "—") or labels[para[-1]].endswith("C")
    }
    # a cue set off inside the clause it reports ("a map that, she said, erased our villages"):
    # the parser hangs it on that clause as parataxis; the clause is its content, whatever
    # governs the clause
    parataxis_of: dict[int, int] = {}
    for cue_no, c in enumerate(cues):
        for i in range(c.start, c.end + 1):
            if doc[i].dep_ == "parataxis" and cue_no not in unsure:
                parataxis_of[heads[i]] = cue_no
    # '"A," said X. "B." He added that C': a cue after a cue-less quotation that has a content
    # of its own in its sentence does not take the quotation; the quotation goes on X's words
    later_with_own = [0] * len(cues)
    for span in spans:
        if span.role == "T":
            for cue_no in by_sent.get(sent_no[span.start], ()):
                if cues[cue_no].end < span.start:
                    later_with_own[cue_no] = _SENT_PENALTY
    contents: dict[int, list[TagSpan]] = {}
    for span in spans:
        if span.role != "T":
            continue
        owner = next((parataxis_of[i] for i in range(span.start, span.end + 1) if i in parataxis_of), None)
        for i in range(span.start, span.end + 1) if owner is None else ():
            k = _governing_cue(i, heads, cue_of)
            if k is not None and k in unsure:
                # "the government, which has bombed …, was responsible": an unsure cue inside a
                # content passes its words on to a sure cue that governs them further up
                above = _governing_cue(i, heads, cue_of, limit=10, skip=unsure)
                if above is not None and sent_no[cues[above].start] == sent_no[i]:
                    k = above
            if k is not None and sent_no[cues[k].start] == sent_no[i]:
                owner = k
                break
        if owner is None:
            same = by_sent.get(sent_no[span.start], [])
            if same:
                owner = min(same, key=lambda k: distance(span, cues[k]))
            elif qmask[span.start] or qmask[span.end]:
                # a quotation continued past its cue's sentence, or opened after "X said:"
                span_para = para_no[span.start]
                near = sorted(
                    [k for k in cues_near(sent_no[span.start], 2) if para_no[cues[k].start] == span_para]
                    + (by_para.get(span_para - 1, []) if span_para - 1 in opens_next else [])
                )
                if near:
                    owner = min(near, key=lambda k: distance(span, cues[k]) + later_with_own[k])
        if owner is not None:
            contents.setdefault(owner, []).append(span)

    sources: dict[int, TagSpan] = {}
    pairs: list[tuple[int, int, int]] = []
    for n, span in enumerate(spans):
        if span.role != "S":
            continue
        # only a cue of the source's own sentence: across sentences, a source the taggers saw
        # without its cue ("… the Front's chief, Yusuf Darwan, had told mediators …", "had told"
        # untagged) went to any cue nearby left without one (PolNeAR train relation F1 0.7824 ->
        # 0.7832, dev unchanged)
        for k in by_sent.get(sent_no[span.start], ()):
            cue = cues[k]
            d = distance(span, cue)
            # the cue's own subject (or agent) beats a nearer noun phrase
            if any(_governing_cue(i, heads, cue_of, limit=3) == k for i in range(span.start, span.end + 1)):
                d -= 100
            # so does the source right after an inverted cue ('"…," said one member of X, who …
            # spoke'), whatever the parser made its head
            if span.start == cue.end + 1 and cue.start > 0 and doc[cue.start - 1].text in _QUOTE_CLOSERS:
                d -= 100
            pairs.append((d, n, k))
    used: set[int] = set()
    for _d, n, k in sorted(pairs):
        if n in used or k in sources:
            continue
        used.add(n)
        sources[k] = spans[n]
    _subjects_into_contents(doc, [sp for n, sp in enumerate(spans) if sp.role == "S" and n not in used], contents)

    source_spans = [s for s in spans if s.role == "S"]
    out: list[Candidate] = []
    for k, cue in enumerate(cues):
        parts = cut_at_participle(doc, cue, sorted(contents.get(k, []), key=lambda p: p.start))
        parts = after_semicolon(doc, cue, parts, sources.get(k))
        parts = _clause_around_aside(doc, cue, parts, sources.get(k))
        if not parts:
            parts = _object_content(doc, cue)
        if not parts:
            continue
        parts = finish_pieces(doc, cue, parts, cue_of, sent_end)
        parts = before_appositive_report(doc, parts, cue_of, cues)
        cue, parts = content_after_circumstance(doc, cue, parts)
        cue = trim_cue_tail(doc, cue, parts)
        first, last = parts[0].start, parts[-1].end
        content = chars(doc, first, last)
        pieces = [chars(doc, p.start, p.end) for p in parts]
        cue_chars = chars(doc, cue.start, cue.end)
        src = sources.get(k)
        source = chars(doc, src.start, src.end) if src else None
        head = cue_head(doc, cue)
        nominal = head.pos_ == "NOUN"
        implicit = False
        subject_token = None
        forced_channel: tuple[int, int] | None = None
        if head.lower_ == "according":
            cue_type = "according_to"
            fixed = _according_source(doc, head, parts)
            if source is None and fixed is not None and fixed[2]:
                first_src, last_src, parts = fixed
                source = chars(doc, first_src, last_src)
                pieces = [chars(doc, p.start, p.end) for p in parts]
                content = (pieces[0][0], pieces[-1][1])
            elif fixed is not None:
                # "…, according to two aides who have seen | it": a stray piece of content inside
                # the phrase after "to" (the source's own relative clause) is not content
                outside = [p for p in parts if not (fixed[0] <= p.start and p.end <= fixed[1])]
                if outside and len(outside) < len(parts):
                    parts = outside
                    pieces = [chars(doc, p.start, p.end) for p in parts]
                    content = (pieces[0][0], pieces[-1][1])
        elif head.is_punct:
            cue_type = "punctuation"
        elif (quoted := _quoted_as(doc, head, parts)) is not None:
            cue_type = "verb"
            source, forced_channel, parts = quoted
            if not parts:
                continue
            pieces = [chars(doc, p.start, p.end) for p in parts]
            content = (pieces[0][0], pieces[-1][1])
        elif nominal:
            cue_type = "noun"
        else:
            cue_type = "verb"
        if (
            head.tag_ == "VBG"
            and head.dep_ in ("advcl", "xcomp", "conj", "acl")
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children)
        ):
            # "…, insisting that …": the speaker is the main clause's subject
            main = _participle_clause(doc, head)
            if main is not head.head and source is not None:
                relative = [c for c in head.head.children if c.dep_ in ("nsubj", "nsubjpass") and c.tag_ in ("WDT", "WP")]
                if any(source == chars(doc, c.i, c.i) for c in relative):
                    source = None  # "that", the relative clause's subject, is not the one calling
            implicit, subject_token, cue_type = True, main.i, "participle"
            but_end = but_clause_end(doc, head, parts[-1].end) if parts[-1].start > cue.end else None
            if but_end is not None:
                parts[-1] = TagSpan("T", parts[-1].start, but_end)
                pieces[-1] = (pieces[-1][0], chars(doc, but_end, but_end)[1])
                content = (content[0], pieces[-1][1])
            if source is None:
                # PolNeAR marks that subject as the source; take it when the tagger saw a
                # source there (it may also be another cue's source)
                source = _main_subject_source(doc, main, source_spans)
            node = main
            if node.dep_ == "ccomp" and node.head.i != node.i:
                # "X said that A would be B, promising C": the parser hung the participle on
                # the reported clause; the reporter is the one promising
                node = node.head
            for _ in range(3):
                if source is not None:
                    break
                source = _parse_source(doc, node, cue, parts)
                if node.head.i == node.i:
                    break
                node = node.head
        tagged_source = source
        raising = cue_type == "verb" and (is_raising_verb(head) or _raising_passive(head))
        if raising:
            # "Republicans seem confident": what seems so is the content, the subject included,
            # and nobody but the writer says it (PolNeAR: 173 of 179 such cues on train have no
            # source).  Dev relation F1 0.6960 -> 0.6981, train 0.7881 -> 0.7929.
            subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None:
                first, last = subject.left_edge.i, subject.right_edge.i
                if last < cue.start and not any(first <= p.end and p.start <= last for p in parts):
                    pieces = [chars(doc, first, last), *pieces]
                    content = (pieces[0][0], content[1])
            source = tagged_source = None
        if source is None and not implicit and not raising:
            source = _parse_source(doc, head, cue, parts)
            node = head
            while source is None and cue_type == "verb" and node.dep_ in ("xcomp", "conj", "acomp"):
                # "X will be unable to turn … and accuse Y": the subject of the verb it hangs on
                if node.head.i == node.i:
                    break
                node = node.head
                source = _parse_source(doc, node, cue, parts)
        if not _known_cue(head) and (
            (tagged_source is None and not implicit and not raising and cue_type == "verb") or cue_type == "participle"
        ):
            # a verb no lexicon knows, with nobody saying it: an action, not a report; or a
            # participle no lexicon knows ("Ignoring the fact that …"): the writer's aside
            continue
        channel = channel_of(head) if head.pos_ in ("VERB", "AUX") else None
        if forced_channel is not None:
            channel = forced_channel
        if channel and content[0] <= channel[0] < content[1] and not doc_text(doc)[content[0] : channel[0]].strip(" ,"):
            # "confirmed to the Times that …": the channel opens the tagged content; cut it off
            kept = [p for p in pieces if p[1] > channel[1]]
            if not kept:
                channel = None
            else:
                pieces = kept
                rest = doc_text(doc)[channel[1] : pieces[0][1]]
                start = channel[1] + len(rest) - len(rest.lstrip(" ,"))
                pieces[0] = (start, pieces[0][1])
                content = (start, content[1])
        # "wrote on Facebook": PolNeAR keeps a platform inside the cue (on train, cutting it off
        # made 3 cues exact and 12 inexact); the channel may overlap such a cue
        before_channel = doc_text(doc)[max(0, channel[0] - 8) : channel[0]] if channel else ""
        on_platform = before_channel.rstrip().lower().endswith(" on")
        if channel and not on_platform:
            # the channel is its own role: a cue tagged over it ("confirmed to the Times") ends
            # before it, else the overlap below would drop the channel
            cut = cue_before_channel(doc, cue, head, channel)
            if cut is not None:
                cue = cut
                cue_chars = chars(doc, cue.start, cue.end)
        # a content in pieces ('"A," X told reporters. "B."') spans its cue and channel: only its
        # pieces count
        if channel and any(
            s is not None and channel[0] < s[1] and s[0] < channel[1]
            for s in (source, None if on_platform else cue_chars, *(pieces if len(pieces) > 1 else [content]))
        ):
            channel = None
        if cue_type in ("verb", "participle") and not on_platform:
            cue = conventional_cue_end(doc, cue, head, parts, src)
            cue_chars = chars(doc, cue.start, cue.end)
        if cue_type == "noun":
            pieces = within_noun_clause(head, pieces)
        pieces = trim_pieces(doc_text(doc), pieces)
        if not pieces:
            continue
        content = (pieces[0][0], pieces[-1][1])
        out.append(
            Candidate(
                cue=cue_chars,
                content=content,
                source=source,
                stance=stance_of(head.lemma_, nominal=nominal),
                cue_type=cue_type,
                channel=channel,
                implicit_source=implicit,
                subject_token=subject_token,
                head_token=head.i,
                parts=pieces if len(pieces) > 1 else None,
                confidence=_mean(probs, cue.start, cue.end) if probs is not None else 1.0,
            )
        )
    return out


__all__ = ["RAISING_VERBS", "TagSpan", "decode", "is_raising_verb", "spans_of"]
