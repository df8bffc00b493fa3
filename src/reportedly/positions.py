"""Negotiating positions: per party, its demands, refusals, threats, offers and commitments.

Two kinds of evidence, both already in an analysis:

* **attributions** whose cue says what kind of move the content is ("demanded", "Hamas' main
  demand is that …", "rejected", "threatened", "offered", "promising to …"): the party is the
  speaker's side, the reporting source is the speaker (with the outlet it spoke to);
* **events** coded in PLOVER (DEMAND, REQUEST, REJECT, THREATEN, …): the party is ``actor1``'s
  side, the reporting source is the speaker of the event's attribution, else the writer.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from reportedly.framing import UNAFFILIATED, _Groups, side_of
from reportedly.models import Actor, Analysis
from reportedly.nlp.loaded import inflections

__all__ = ["MOVES", "positions", "positions_of"]

#: move -> cue lemmas (verbs and nouns) that announce it
MOVES: dict[str, list[str]] = {
    "demands": ["demand", "call", "urge", "insist", "seek", "request", "press", "ultimatum",
                "condition", "insistence", "appeal", "want"],
    "refusals": ["reject", "refuse", "decline", "veto", "rebuff", "spurn", "dismiss",
                 "rejection", "refusal", "oppose"],
    "threats": ["threaten", "warn", "threat", "warning"],
    "offers": ["offer", "propose", "proposal", "suggest"],
    "commitments": ["promise", "pledge", "vow", "commit", "guarantee", "assure", "assurance",
                    "commitment"],
}
#: demand cues that also report claims ("insisted the trial was fair", "called it a travesty"):
#: a demand only with a call-for/-on or an obligation in the content
AMBIGUOUS_DEMANDS = frozenset({"call", "insist", "press", "want"})
_OBLIGATION = re.compile(r"\b(must|should|ought|needs? to|has to|have to|had to|to [a-z]+)\b", re.IGNORECASE)
#: PLOVER event type -> move
PLOVER_MOVES = {"DEMAND": "demands", "REQUEST": "demands", "REJECT": "refusals", "THREATEN": "threats"}


def _cue_forms() -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for move, lemmas in MOVES.items():
        for lemma in lemmas:
            for form in inflections(lemma):
                out.setdefault(form, (move, lemma))
    return out


_FORMS = _cue_forms()


def move_of_cue(cue: str, content: str | None = None) -> str | None:
    """The move a cue announces ("has demanded" -> demands), from its last word.

    With the content, a cue that also reports claims ("insisted the trial was fair", "called it
    a travesty") is a demand only when the cue calls for or on someone ("called for", "called
    on X to") or the content states an obligation ("insisted that X must …", "pressed X to …")."""
    words = cue.lower().replace("’", "'").split()
    for n in range(len(words) - 1, -1, -1):
        found = _FORMS.get(words[n].strip(".,;:'\""))
        if found is None:
            continue
        move, lemma = found
        if content is not None and lemma in AMBIGUOUS_DEMANDS:
            calls = any(w in {"for", "on", "upon"} for w in words[n + 1 :])
            if not calls and not _OBLIGATION.search(content):
                return None
        return move
    return None


def _party(actor: Actor | None, actors: list[Actor]) -> str:
    if actor is None:
        return UNAFFILIATED
    side = side_of(actor, actors)
    return side.name if side is not None else UNAFFILIATED


def positions_of(analysis: Analysis) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """party name -> move -> [{text, reported_by, evidence, attribution|event}] for one article."""
    return positions([analysis])


def positions(analyses: Iterable[Analysis]) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Positions per party over many articles (parties merged by name)."""
    groups = _Groups()
    table: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for analysis in analyses:
        by_id = {a.id: a for a in analysis.actors}
        attrs = {a.id: a for a in analysis.attributions}

        def reporter(attribution_id: str | None, by_id: dict[str, Actor] = by_id,
                     attrs: dict[str, Any] = attrs) -> list[str]:
            rec = attrs.get(attribution_id or "")
            if rec is None:
                return ["writer"]
            speaker = by_id.get(rec.speaker or "")
            names = [speaker.name if speaker is not None else (rec.source.text if rec.source else "unnamed")]
            if rec.channel is not None:
                names.append(f"via {rec.channel.text}")
            return names

        # an event coded from an attribution says more precisely what the move is ("promising to
        # defeat X" is a THREATEN event): that attribution is then listed through its event only
        coded = {e.attribution for e in analysis.events
                 if e.attribution and not e.negated and e.plover.upper() in PLOVER_MOVES}
        for rec in analysis.attributions:
            if rec.cue is None or rec.id in coded:
                continue
            move = move_of_cue(rec.cue.text, rec.content.text)
            if move is None:
                continue
            actor = by_id.get(rec.speaker or "")
            party = groups.key(_party(actor, analysis.actors))
            table[party][move].append({
                "text": rec.content.text,
                "cue": rec.cue.text,
                "reported_by": reporter(rec.id),
                "article": analysis.article.id,
                "attribution": rec.id,
                "start": rec.content.start,
                "end": rec.content.end,
            })
        for event in analysis.events:
            move = PLOVER_MOVES.get(event.plover.upper())
            if move is None or event.negated:
                continue
            actor = by_id.get(event.actor1 or "")
            party = groups.key(_party(actor, analysis.actors))
            table[party][move].append({
                "text": event.evidence.text,
                "cue": event.trigger.text if event.trigger else event.plover,
                "reported_by": reporter(event.attribution),
                "article": analysis.article.id,
                "event": event.id,
                "start": event.evidence.start,
                "end": event.evidence.end,
            })
    out: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for key, moves in table.items():
        items = {m: _dedupe(moves[m]) for m in MOVES if moves.get(m)}
        if items:
            out[groups.names[key]] = items
    return out


def _dedupe(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """An event and the attribution it came from describe one move once."""
    kept: list[dict[str, Any]] = []
    for item in sorted(items, key=lambda i: ("event" in i, i["article"], i["start"])):
        if any(k["article"] == item["article"] and k["start"] < item["end"] and item["start"] < k["end"]
               for k in kept):
            continue
        kept.append(item)
    return sorted(kept, key=lambda i: (i["article"], i["start"]))
