"""The writer's voice: unattributed evaluative or contested assertions, and loaded terms.

Four structural detectors, each precise by construction (a plain unattributed fact such as
"The talks began on Sunday" matches none of them):

* **asides** — a participial or adverbial clause headed by a verb of leaving-out ("Ignoring the
  fact that …", "Glossing over …"): the writer judges what a source omits;
* **relative clauses** — a non-restrictive relative clause (comma + who/which) on a party whose
  active predicate asserts a contested or damning fact ("Hamas, which breached the terms …");
* **insertions** — such a non-restrictive relative clause inside the *indirect* content of an
  attribution, outside quotation marks, carrying a contested predicate or a loaded term: words
  the writer slipped into what a source is reported to have said;
* **evaluative sentence adverbs** — "Predictably, …", "Tellingly, …".

Loaded terms (``resources/loaded_terms.yaml``) that lie inside one of those spans are folded into
it (named in its ``reason``); standalone-strength terms (violence descriptors, delegitimizing
labels) in the writer's own voice get an entry of their own.  Nothing is reported inside
quotation marks.  Results go to ``doc._.editorial``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Token

from reportedly.models import Attribution, Editorial
from reportedly.models import Span as TextSpan
from reportedly.nlp.actors import actor_for_span, doc_text, ent_bounds
from reportedly.nlp.attribution import find_quotes
from reportedly.nlp.lexicon import verb_cues
from reportedly.nlp.loaded import LoadedTerm, find_loaded_terms, lexicon

_RELATIVE_PRONOUNS = {"who", "which", "whose", "whom"}
_PARTY_ENTS = {"PERSON", "ORG", "NORP", "GPE"}
_EDGE = set(" \n\t,;:—–-")

Interval = tuple[int, int]


_SINGLE_QUOTE = re.compile(r"(?<!\w)‘[^‘’\n]{1,300}’(?!\w)")


def single_quotes(text: str) -> list[Interval]:
    """‘…’ spans: headline and nested quotes, and scare quotes (never the writer's own words)."""
    return [(m.start(), m.end()) for m in _SINGLE_QUOTE.finditer(text)]


def _inside(span: Interval, intervals: Iterable[Interval]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in intervals)


def _reports_words(doc: Doc, attr: Attribution) -> bool:
    if attr.kind != "indirect" or attr.cue_type != "verb":
        return True
    span = doc.char_span(attr.content.start, attr.content.end, alignment_mode="expand")
    return span is None or any(t.pos_ in ("VERB", "AUX") for t in span)


def _speaks(doc: Doc, attr: Attribution) -> bool:
    """Whether a named (or implicit) source says or thinks the attribution's content: its cue
    holds a speech or cognition verb of the lexicon."""
    if attr.cue is None or (attr.source is None and not attr.implicit_source):
        return False
    cue = doc.char_span(attr.cue.start, attr.cue.end, alignment_mode="expand")
    return cue is not None and any(t.lemma_.lower() in verb_cues() for t in cue)


def _overlaps(span: Interval, intervals: Iterable[Interval]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in intervals)


def _trim(text: str, start: int, end: int) -> Interval:
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and (text[end - 1] in _EDGE or text[end - 1] == "."):
        end -= 1
    return start, end


def _subtree_interval(token: Token) -> Interval:
    left, right = token.left_edge, token.right_edge
    return left.idx, right.idx + len(right)


class EditorialFinder:
    """spaCy component: fills ``doc._.editorial`` (see module docstring)."""

    def __init__(self, nlp: Language | None = None, name: str = "reportedly_editorial") -> None:
        self.name = name
        lex = lexicon()
        self.adverbs = {str(w).lower() for w in lex["evaluative_adverbs"]}
        self.aside_verbs = {str(w).lower() for w in lex["aside_verbs"]}
        self.contested: dict[str, set[str] | None] = {
            str(k).lower(): ({str(o).lower() for o in v} if v else None)
            for k, v in lex["contested_predicates"].items()
        }
        self.party_nouns = {str(w).lower() for w in lex["party_nouns"]}
        self.verdict_adverbs = {str(w).lower() for w in lex["verdict_adverbs"]}
        self.verdict_nouns = {str(w).lower() for w in lex["verdict_nouns"]}
        self.vague_verbs = {str(w).lower() for w in lex["vague_verbs"]}
        self.vague_adverbs = {str(w).lower() for w in lex["vague_adverbs"]}

    # -- component ------------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        doc._.editorial = self.find(doc)
        return doc

    def find(self, doc: Doc) -> list[Editorial]:
        text = doc.text
        quotes = find_quotes(text) + single_quotes(text)
        attributions: list[Attribution] = doc._.attributions or []
        contents = [(a.content.start, a.content.end) for a in attributions]
        indirect = [(a.content.start, a.content.end) for a in attributions if a.kind != "direct"]
        # "criticizes the regime": a bare noun-phrase object of a verb cue names the target in the
        # writer's words (PolNeAR-style attributions include such objects); clauses report words
        reported = [(a.content.start, a.content.end) for a in attributions if _reports_words(doc, a)]
        loaded = [t for t in find_loaded_terms(text) if not _overlaps((t.start, t.end), quotes)]
        # what a source is reported as saying or thinking: a report with no source ("X is widely
        # expected to …") is the writer's own, and so is the object of an act ("a court sentenced
        # X on charges widely seen as …")
        voiced = [(a.content.start, a.content.end) for a in attributions if _speaks(doc, a)]

        found: list[tuple[Interval, str, str, str | None]] = []  # span, category, reason, about
        for token in doc:
            hit = (
                self._aside(token, text, quotes, contents)
                or self._relative(token, text, quotes, indirect, loaded)
                or self._adverb(token, quotes, contents)
                or self._verdict(token, quotes, contents)
                or self._vague(token, quotes, voiced)
            )
            if hit is not None:
                found.append(hit)

        spans = [f[0] for f in found]
        records: list[tuple[Interval, str, str, str | None]] = []
        for span, category, reason, about in found:
            inner = [t for t in loaded if span[0] <= t.start and t.end <= span[1]]
            if inner:
                reason += "; loaded " + ", ".join(f"'{t.text}' ({t.category})" for t in inner)
            records.append((span, category, reason, about))
        for term in loaded:
            if not term.standalone or _overlaps((term.start, term.end), spans):
                continue
            if _overlaps((term.start, term.end), reported):
                continue  # a source's (paraphrased) words: counted by the framing audit only
            about = self._about_term(doc, term)
            records.append(
                (
                    (term.start, term.end),
                    term.category,
                    f"loaded term '{term.term}' ({lexicon()['categories'][term.category]['description']}) "
                    "in the writer's own voice",
                    about,
                )
            )
        records.sort(key=lambda r: r[0])
        return [
            Editorial(
                id=f"E{n}",
                span=TextSpan.of(text, s, e),
                reason=reason,
                category=category,
                about=about,
            )
            for n, ((s, e), category, reason, about) in enumerate(records, start=1)
        ]

    # -- detectors --------------------------------------------------------------------------

    def _aside(
        self, token: Token, text: str, quotes: list[Interval], contents: list[Interval]
    ) -> tuple[Interval, str, str, str | None] | None:
        """"Ignoring the fact that …, X said": a participial aside on what a source leaves out."""
        if token.lemma_.lower() not in self.aside_verbs or token.tag_ != "VBG":
            return None
        if token.dep_ not in {"advcl", "npadvmod"}:
            return None  # a gerund subject ("Ignoring voters is no way to win") is not an aside
        doc = token.doc
        after = token.right_edge.i + 1
        closing = doc[after].text if after < len(doc) else "."
        left = token.left_edge.i
        opening = doc[left - 1].text if left > 0 else ""
        before = [t for t in token.sent if t.i < left and not t.is_punct and not t.is_space]
        if not before or all(t.pos_ in {"CCONJ", "ADV"} for t in before):
            # it opens its sentence: "Ignoring …, X said" — set off from the clause it comments on
            if closing not in {",", "—", "–"}:
                return None  # a gerund subject ("Ignoring voters is no way to win") is not an aside
        elif opening in {",", "—", "–"} and closing in {",", "—", "–", ".", ";"}:
            # inside or after the clause ("X said, ignoring the fact that …"): only a
            # presupposed fact makes it the writer's claim; "…, ignoring calls to resign" is a report
            if not self._presupposes(token):
                return None
        else:
            return None
        span = _trim(text, *_subtree_interval(token))
        if _overlaps(span, quotes) or _inside((token.idx, token.idx + len(token)), contents):
            return None
        about = None
        for t in token.subtree:
            if t.dep_ in {"nsubj", "nsubjpass"} and t.i != token.i:
                about = self._actor_of(t)
                if about:
                    break
        reason = (
            f"unattributed aside in the writer's voice: '{token.text}' judges what the source leaves out "
            "and asserts the omitted point as fact"
        )
        return span, "aside", reason, about

    @staticmethod
    def _presupposes(verb: Token) -> bool:
        """The aside's object is a fact ("the fact that …") or a that-clause."""
        for child in verb.children:
            if child.dep_ == "dobj" and child.lemma_.lower() in {"fact", "reality", "truth"}:
                return True
            if child.dep_ == "ccomp" and any(g.lower_ == "that" for g in child.children):
                return True
        return False

    def _relative(
        self,
        token: Token,
        text: str,
        quotes: list[Interval],
        indirect: list[Interval],
        loaded: list[LoadedTerm],
    ) -> tuple[Interval, str, str, str | None] | None:
        """"X, which breached …": a non-restrictive relative clause asserting something about a party."""
        if token.dep_ != "relcl":
            return None
        doc = token.doc
        pronoun = next(
            (c for c in token.children if c.lower_ in _RELATIVE_PRONOUNS and c.i < token.i), None
        )
        if pronoun is None:
            # "the rebels, whose fighters shelled …": the party's members are the subject
            pronoun = next(
                (c for c in token.children if c.dep_ == "nsubj"
                 and any(g.lower_ == "whose" for g in c.children)), None
            )
        if pronoun is None:
            return None
        left = token.left_edge
        if left.i == 0 or doc[left.i - 1].text != ",":
            return None  # restrictive ("the group that …"): identifies, does not assert
        head = token.head
        span = _trim(text, *_subtree_interval(token))  # doc.text rebuilds the string: pass it
        if _overlaps(span, quotes):
            return None
        in_content = _inside(span, indirect)
        # outside reported content only a clause about a party asserts something contested;
        # inside it, any unquoted aside with loaded or contested wording is the writer's insertion
        if not in_content and not self._is_party(head):
            return None
        inner = [t for t in loaded if span[0] <= t.start and t.end <= span[1]]
        predicate = self._contested_predicate(token, pronoun)
        # outside reported content a loaded word alone does not make the clause an assertion
        # ("SITE, which tracks terrorists' communications"): the term is reported on its own
        if predicate is None and not (inner and in_content):
            return None
        about = self._actor_of(head)
        if in_content:
            what = f"contested predicate '{predicate}'" if predicate else "loaded wording"
            reason = (
                "writer's insertion inside reported (unquoted) content: a non-restrictive relative clause "
                f"with {what} that the source is not quoted as saying"
            )
            return span, "insertion", reason, about
        what = f"contested predicate '{predicate}'" if predicate else "loaded wording"
        reason = (
            f"unattributed assertion about '{head.text}' in a non-restrictive relative clause "
            f"({what}), in the writer's own voice"
        )
        return span, "relative_clause", reason, about

    def _adverb(
        self, token: Token, quotes: list[Interval], contents: list[Interval]
    ) -> tuple[Interval, str, str, str | None] | None:
        """"Predictably, …": a sentence adverb that evaluates the clause."""
        if token.lower_ not in self.adverbs or token.pos_ != "ADV":
            return None
        doc = token.doc
        if token.i + 1 >= len(doc) or doc[token.i + 1].text != ",":
            return None
        before = [t for t in token.sent if t.i < token.i and not t.is_punct and not t.is_space]
        parenthetical = token.i > 0 and doc[token.i - 1].text == ","  # "Hamas, predictably, rejected …"
        if before and not parenthetical and not all(t.pos_ == "CCONJ" for t in before):
            return None
        span = (token.idx, token.idx + len(token))
        if _overlaps(span, quotes) or _inside(span, contents):
            return None
        reason = f"evaluative sentence adverb '{token.text}' comments on the clause in the writer's voice"
        return span, "evaluative_adverb", reason, None

    def _verdict(
        self, token: Token, quotes: list[Interval], contents: list[Interval]
    ) -> tuple[Interval, str, str, str | None] | None:
        """"X falsely claimed …", "X said, without evidence, that …": the writer rules on a
        source's claim.  ``token`` is the reporting verb; the verdict is an adverb on it or a
        "without <evidence>" phrase on it, outside quotations and outside reported content."""
        if token.pos_ not in {"VERB", "AUX"} or token.lemma_.lower() not in verb_cues():
            return None
        doc = token.doc
        span: Interval | None = None
        for child in token.children:
            if child.dep_ == "advmod" and child.lower_ in self.verdict_adverbs:
                span = (child.idx, child.idx + len(child))
                break
            if child.dep_ == "prep" and child.lower_ == "without":
                nouns = [t for t in child.subtree if t.pos_ == "NOUN" and t.lemma_.lower() in self.verdict_nouns]
                if nouns:
                    last = max(t.i for t in child.subtree)
                    span = (child.idx, doc[last].idx + len(doc[last]))
                    break
        if span is None or _overlaps(span, quotes) or _inside(span, contents):
            return None
        subject = next((c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        about = self._actor_of(subject) if subject is not None else None
        words = doc_text(doc)[span[0] : span[1]]
        reason = f"'{words}' on the reporting verb '{token.text}': the writer's verdict on the source's claim"
        return span, "verdict", reason, about

    def _vague(
        self, token: Token, quotes: list[Interval], contents: list[Interval]
    ) -> tuple[Interval, str, str, str | None] | None:
        """"charges widely seen as politically motivated", "it is generally believed that …": the
        writer credits a view to unnamed many.  ``token`` is a passive participle of a verb of
        judging with a vagueness adverb and no agent, outside quotations and reported content."""
        if token.tag_ != "VBN" or token.lemma_.lower() not in self.vague_verbs:
            return None
        adverb = next((c for c in token.children if c.dep_ == "advmod" and c.lower_ in self.vague_adverbs), None)
        if adverb is None or any(c.dep_ == "agent" for c in token.children):
            return None
        if token.dep_ != "acl" and not any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children):
            return None  # a passive (or a participle on a noun), not "has widely seen"
        doc = token.doc
        last = max(token.right_edge.i, adverb.i)
        while last > token.i and (doc[last].is_punct or doc[last].is_space):
            last -= 1
        span = (min(adverb.idx, token.idx), doc[last].idx + len(doc[last]))
        if _overlaps(span, quotes) or _inside(span, contents):
            return None
        if token.dep_ == "acl":
            about = self._actor_of(token.head)
        else:
            subject = next((c for c in token.children if c.dep_ == "nsubjpass"), None)
            about = self._actor_of(subject) if subject is not None else None
        words = doc_text(doc)[span[0] : span[1]]
        reason = f"'{words}': a view credited to no one in particular (a vague attribution in the writer's voice)"
        return span, "vague_attribution", reason, about

    # -- helpers ----------------------------------------------------------------------------

    def _contested_predicate(self, verb: Token, pronoun: Token) -> str | None:
        if pronoun.dep_ != "nsubj":
            return None  # "who was killed": the party undergoes it, it does not do it
        preds = [verb] + [c for c in verb.children if c.dep_ in {"conj", "xcomp"} and c.pos_ == "VERB"]
        for pred in preds:
            lemma = pred.lemma_.lower()
            if lemma not in self.contested:
                continue
            objects = self.contested[lemma]
            if objects is None:
                return pred.text
            args = [
                t.lemma_.lower()
                for t in pred.subtree
                if t.dep_ in {"dobj", "pobj", "attr", "compound", "conj"} and t.pos_ in {"NOUN", "PROPN"}
            ]
            if any(a in objects for a in args):
                return pred.text
        return None

    def _is_party(self, head: Token) -> bool:
        if head.ent_type_ in _PARTY_ENTS:
            return True
        if head.pos_ in {"NOUN", "PROPN"} and head.lemma_.lower() in self.party_nouns:
            return True
        return self._actor_of(head) is not None

    @staticmethod
    def _actor_of(token: Token) -> str | None:
        """Actor id of the noun phrase headed by ``token`` (without clauses hanging on it)."""
        doc = token.doc
        if token.pos_ not in {"PROPN", "NOUN", "PRON"}:
            return None
        parts = [t for t in token.subtree if t.i <= token.i and t.dep_ not in {"relcl", "punct"}]
        start = min((t.idx for t in parts), default=token.idx)
        actor = actor_for_span(doc, start, token.idx + len(token), create=False)
        if actor is None and token.ent_type_:
            bounds = ent_bounds(token)
            if bounds is not None:
                first, last = doc[bounds[0]], doc[bounds[1] - 1]
                actor = actor_for_span(doc, first.idx, last.idx + len(last), create=False)
        return actor.id if actor is not None else None

    def _about_term(self, doc: Doc, term: LoadedTerm) -> str | None:
        """The party a loaded term is said of: a syntactic neighbour, else the nearest mention."""
        span = doc.char_span(term.start, term.end, alignment_mode="expand")
        if span is None:
            return None
        root = span.root
        neighbours = [*root.children, root.head, *root.head.children]
        for t in neighbours:
            if t.i != root.i and t.pos_ in {"PROPN", "NOUN"} and t.ent_type_ in _PARTY_ENTS:
                found = self._actor_of(t)
                if found:
                    return found
        best: tuple[int, str] | None = None
        for t in root.sent:
            if t.ent_type_ in _PARTY_ENTS and t.pos_ == "PROPN":
                found = self._actor_of(t)
                if found and (best is None or abs(t.i - root.i) < best[0]):
                    best = (abs(t.i - root.i), found)
        return best[1] if best else None


__all__ = ["EditorialFinder", "single_quotes"]
