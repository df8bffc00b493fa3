"""The actor registry: canonical actors with aliases, type, country, sector, affiliations, roles.

The starter registry ships as data in ``nlp/resources/actors/*.yaml`` (every ISO 3166 country,
IGOs, media outlets, parties to current conflicts and their office holders).  Users add their
own files (``reportedly analyze --actors FILE``, ``load_pipeline(actors=[...])`` or the
``actors`` setting of the ``reportedly`` spaCy component); an entry whose ``id`` already exists
updates it, so a user file can also correct the starter data.  See docs/actors.md.

Matching is by normalised name: case-insensitive, ``U.S.`` = ``US``, possessives and a leading
"the" dropped, hyphens as spaces.  Aliases written in capitals (``UN``, ``WHO``, ``US``) only
match capitals, so the pronoun "us" or the word "who" never resolve to an actor; single-word
names only match a capitalised mention ("Time" the magazine, not "time").
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from reportedly.errors import ConfigError

ACTOR_TYPES = frozenset(
    {"person", "organization", "state", "government", "military", "armed_group", "party", "igo",
     "anonymous", "media", "document", "group", "unspecified"}
)
#: PLOVER / CAMEO agent ("sector") codes accepted in registry files (docs/actors.md).
SECTORS = frozenset(
    {"GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "IGO", "NGO", "MED", "EDU", "BUS", "CRM",
     "CVL", "REF", "HLH", "LAB", "LEG", "AGR", "ELI", "ENV", "REL", "UAF", "INS", "SEP", "MNC", "HRI",
     "IMG", "SET", "MOD", "RAD"}
)
BUILTIN_FILES = ("countries.yaml", "igos.yaml", "media.yaml", "conflicts.yaml", "people.yaml")
_ACRONYM = re.compile(r"[A-Z0-9][A-Z0-9.&+\-]*")
_MAX_NGRAM = 7


@dataclass(frozen=True, slots=True)
class Role:
    """An office held by a registry actor: ``role`` kind, ``title`` as written, ``of`` an entry id."""

    role: str
    title: str | None = None
    of: str | None = None
    start: str | None = None
    end: str | None = None

    def active(self, date: str | None = None) -> bool:
        """Held on ``date`` (ISO, any prefix); with no date: held now (no end)."""
        if date is None:
            return self.end is None
        day = date[:10]
        # partial dates compare at their own precision: "2021-06-30" is within an end of "2021-06"
        return (self.start is None or self.start <= day[: len(self.start)]) and (
            self.end is None or day[: len(self.end)] <= self.end
        )


#: marks a text not looked up yet (None is a remembered miss)
_UNSEEN = object()


@dataclass(frozen=True, slots=True)
class RegistryEntry:
    """One canonical actor."""

    id: str
    name: str
    type: str = "unspecified"
    country: str | None = None
    sector: str | None = None
    aliases: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    affiliations: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    source: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def role_at(self, date: str | None = None) -> Role | None:
        return next((r for r in self.roles if r.active(date)), None)


@lru_cache(maxsize=65536)
def norm(text: str) -> str:
    """Case-folded matching key: ``"The U.S.'s"`` -> ``"us"``, ``"al-Qaeda"`` -> ``"al qaeda"``."""
    t = text.replace("’", "'").replace("‘", "'")
    t = re.sub(r"'s\b|(?<=s)'(?!\w)", "", t)
    t = re.sub(r"(?<=\b\w)\.", "", t)  # U.S. -> US, U.N. -> UN
    words = re.findall(r"\w+", t.lower().replace("-", " "))
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _acronym_key(text: str) -> str | None:
    """The case-sensitive key of an all-capitals name (``U.S.`` -> ``US``), else None."""
    t = text.replace("’", "'").strip()
    t = re.sub(r"^(?:the|The)\s+", "", t)
    t = re.sub(r"'s?$", "", t)
    if not _ACRONYM.fullmatch(t) or not any(c.isalpha() for c in t):
        return None
    return t.replace(".", "")


def _is_acronym(alias: str) -> bool:
    return _acronym_key(alias) is not None


class Registry:
    """Indexed registry entries; lookups by name, alias, adjective (demonym) or capital."""

    def __init__(self, entries: Iterable[RegistryEntry] = ()) -> None:
        self.entries: dict[str, RegistryEntry] = {}
        self._sources: list[str] = []
        for entry in entries:
            self.add(entry)
        self._index()

    def add(self, entry: RegistryEntry) -> None:
        """Add an entry; one with a known id updates it (aliases merged, other fields replaced)."""
        if entry.source not in self._sources:
            self._sources.append(entry.source)
        old = self.entries.get(entry.id)
        if old is not None:
            merged = _merge(old, entry)
            self.entries[entry.id] = merged
        else:
            self.entries[entry.id] = entry

    def _index(self) -> None:
        # lookups repeat (every mention scans its words): remembered until the registry is indexed anew
        self._looked_up: dict[tuple[str, bool], RegistryEntry | None] = {}
        self._names: dict[str, str] = {}
        self._acronyms: dict[str, str] = {}
        self._adjectives: dict[str, str] = {}
        self._acro_adjectives: dict[str, str] = {}
        self._capitals: dict[str, str] = {}
        by_source: dict[str, list[RegistryEntry]] = {}
        for entry in self.entries.values():
            by_source.setdefault(entry.source, []).append(entry)
        # later sources (user files) override earlier ones; inside a file the first entry wins
        for source in self._sources:
            source_entries = by_source.get(source, [])
            seen: set[tuple[str, str]] = set()
            for entry in source_entries:
                for alias in entry.names():
                    self._put(self._acronyms if _is_acronym(alias) else self._names, alias, entry.id, seen)
                for adj in entry.adjectives:
                    self._put(self._acro_adjectives if _is_acronym(adj) else self._adjectives, adj, entry.id, seen)
                for cap in entry.capitals:
                    self._put(self._capitals, cap, entry.id, seen)
        self.max_words = max((len(k.split()) for k in self._names), default=1)

    @staticmethod
    def _put(table: dict[str, str], alias: str, entry_id: str, seen: set[tuple[str, str]]) -> None:
        key = _acronym_key(alias) or norm(alias)
        if not key:
            return
        marker = (str(id(table)), key)
        if marker in seen:
            return  # first entry of a file wins
        seen.add(marker)
        table[key] = entry_id

    # -- lookups --------------------------------------------------------------------------

    def get(self, entry_id: str | None) -> RegistryEntry | None:
        return self.entries.get(entry_id) if entry_id else None

    def lookup(self, text: str, *, capitals: bool = True) -> RegistryEntry | None:
        """The entry named exactly ``text`` (name, alias, or capital city used for its government)."""
        known = self._looked_up.get((text, capitals), _UNSEEN)
        if known is not _UNSEEN:
            return known  # type: ignore[return-value]
        found = self._lookup(text, capitals)
        self._looked_up[(text, capitals)] = found
        return found

    def _lookup(self, text: str, capitals: bool) -> RegistryEntry | None:
        acro = _acronym_key(text)
        if acro is not None and acro in self._acronyms:
            return self.entries[self._acronyms[acro]]
        key = norm(text)
        if not key or not _capitalised(text):
            return None
        hit = self._names.get(key)
        if hit is None and capitals:
            hit = self._capitals.get(key)
        return self.entries[hit] if hit else None

    def adjective(self, word: str) -> RegistryEntry | None:
        """The entry an adjective or demonym stands for: "Israeli" -> Israel, "US" -> United States."""
        acro = _acronym_key(word)
        if acro is not None:
            hit = self._acro_adjectives.get(acro) or self._acronyms.get(acro)
            return self.entries[hit] if hit else None
        if not _capitalised(word):
            return None
        hit = self._adjectives.get(norm(word))
        return self.entries[hit] if hit else None

    def scan(self, words: Sequence[str]) -> list[tuple[int, int, RegistryEntry, str]]:
        """Registry names in a token sequence, longest first, left to right.

        Returns ``(i, j, entry, how)`` for ``words[i:j]``; ``how`` is "name" or "adjective".
        """
        out: list[tuple[int, int, RegistryEntry, str]] = []
        i = 0
        n = len(words)
        while i < n:
            found = None
            for j in range(min(n, i + self.max_words), i, -1):
                text = " ".join(words[i:j])
                entry = self.lookup(text, capitals=False)
                if entry is not None:
                    found = (i, j, entry, "name")
                    break
                if j == i + 1:
                    adj = self.adjective(text)
                    if adj is not None:
                        found = (i, j, adj, "adjective")
            if found:
                out.append(found)
                i = found[1]
            else:
                i += 1
        return out

    def party(self, entry: RegistryEntry) -> RegistryEntry:
        """What a mention of ``entry`` stands for as a party: the top of its first-affiliation chain
        (Netanyahu -> Israel, Qassam Brigades -> Hamas, Peskov -> Kremlin -> Russia)."""
        seen = {entry.id}
        cur = entry
        while cur.affiliations:
            nxt = self.entries.get(cur.affiliations[0])
            if nxt is None or nxt.id in seen:
                break
            seen.add(nxt.id)
            cur = nxt
        return cur

    def holders(self, role: str, of: str, date: str | None = None) -> list[RegistryEntry]:
        """Entries holding office ``role`` of ``of`` on ``date`` (ISO; None = now)."""
        return [e for e in self.entries.values() if any(r.role == role and r.of == of and r.active(date) for r in e.roles)]

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self.entries


def _capitalised(text: str) -> bool:
    """A proper-name mention: some word after a leading "the" starts with a capital."""
    words = [w for w in re.findall(r"\w+", text) if w.lower() != "the"]
    return any(w[:1].isupper() or w[:1].isdigit() for w in words)


def _merge(old: RegistryEntry, new: RegistryEntry) -> RegistryEntry:
    aliases = tuple(dict.fromkeys((*old.aliases, *new.aliases)))
    adjectives = tuple(dict.fromkeys((*old.adjectives, *new.adjectives)))
    capitals = tuple(dict.fromkeys((*old.capitals, *new.capitals)))
    return replace(
        new,
        type=new.type if new.extra.get("_type_given") else old.type,
        country=new.country or old.country,
        sector=new.sector or old.sector,
        aliases=aliases,
        adjectives=adjectives,
        capitals=capitals,
        affiliations=new.affiliations or old.affiliations,
        roles=new.roles or old.roles,
    )


# -- files ----------------------------------------------------------------------------------


def _date(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, _dt.date):
        return value.isoformat()
    text = str(value)
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
        raise ConfigError(f"{where}: date {text!r} is not ISO (YYYY, YYYY-MM or YYYY-MM-DD)")
    return text


def _strings(value: Any, where: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list):
        raise ConfigError(f"{where}: '{key}' must be a list of strings")
    return tuple(str(v) for v in value if v is not None)


def entry_from_dict(data: Any, source: str) -> RegistryEntry:
    """One registry entry from its YAML/JSON form; a bad entry raises :class:`ConfigError`."""
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: each actor must be a mapping, got {type(data).__name__}")
    entry_id = data.get("id")
    name = data.get("name")
    where = f"{source}: actor {entry_id or name or '?'}"
    if not entry_id or not isinstance(entry_id, str):
        raise ConfigError(f"{where}: missing 'id'")
    if not name or not isinstance(name, str):
        raise ConfigError(f"{where}: missing 'name'")
    kind = str(data.get("type") or "unspecified")
    if kind not in ACTOR_TYPES:
        raise ConfigError(f"{where}: type {kind!r} is not one of {sorted(ACTOR_TYPES)}")
    sector = data.get("sector")
    if sector is not None and str(sector) not in SECTORS:
        raise ConfigError(f"{where}: sector {sector!r} is not a PLOVER/CAMEO agent code {sorted(SECTORS)}")
    roles = []
    for raw in data.get("roles") or []:
        if not isinstance(raw, dict) or not raw.get("role"):
            raise ConfigError(f"{where}: each role needs a 'role'")
        roles.append(
            Role(
                role=str(raw["role"]),
                title=str(raw["title"]) if raw.get("title") else None,
                of=str(raw["of"]) if raw.get("of") else None,
                start=_date(raw.get("start"), where),
                end=_date(raw.get("end"), where),
            )
        )
    known = {"id", "name", "type", "country", "sector", "aliases", "adjectives", "capitals", "affiliations", "roles"}
    extra = {k: v for k, v in data.items() if k not in known}
    extra["_type_given"] = "type" in data
    return RegistryEntry(
        id=entry_id,
        name=name,
        type=kind,
        country=str(data["country"]) if data.get("country") else None,
        sector=str(sector) if sector else None,
        aliases=_strings(data.get("aliases"), where, "aliases"),
        adjectives=_strings(data.get("adjectives"), where, "adjectives"),
        capitals=_strings(data.get("capitals"), where, "capitals"),
        affiliations=_strings(data.get("affiliations"), where, "affiliations"),
        roles=tuple(roles),
        source=source,
        extra=extra,
    )


def _parse(text: str, source: str) -> list[RegistryEntry]:
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise ConfigError(f"{source}: not valid YAML/JSON: {exc}") from None
    if isinstance(data, dict):
        data = data.get("actors")
    if not isinstance(data, list):
        raise ConfigError(f"{source}: expected a list of actors (or a mapping with an 'actors' list)")
    return [entry_from_dict(item, source) for item in data]


def read_registry_file(path: str | Path) -> list[RegistryEntry]:
    """Entries from a user's YAML (or JSON) file; unreadable or invalid files raise ConfigError."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{p}: cannot read actors file: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{p}: actors file is not UTF-8 text") from None
    return _parse(text, str(p))


@lru_cache(maxsize=1)
def _builtin_entries() -> tuple[RegistryEntry, ...]:
    out: list[RegistryEntry] = []
    folder = resources.files("reportedly.nlp.resources").joinpath("actors")
    for name in BUILTIN_FILES:
        out.extend(_parse(folder.joinpath(name).read_text(encoding="utf-8"), f"builtin:{name}"))
    return tuple(out)


@lru_cache(maxsize=8)
def load_registry(files: tuple[str, ...] = (), *, builtin: bool = True) -> Registry:
    """The starter registry plus ``files`` (later files override earlier ones); cached."""
    entries: list[RegistryEntry] = list(_builtin_entries()) if builtin else []
    for path in files:
        entries.extend(read_registry_file(path))
    registry = Registry(entries)
    dangling = sorted(
        {f"{e.id} -> {a}" for e in registry.entries.values() for a in e.affiliations if a not in registry}
        | {f"{e.id} role of {r.of}" for e in registry.entries.values() for r in e.roles if r.of and r.of not in registry}
    )
    if dangling:
        raise ConfigError(f"actor registry refers to unknown ids: {', '.join(dangling[:10])}")
    return registry


def default_registry() -> Registry:
    return load_registry(())


__all__ = [
    "ACTOR_TYPES",
    "SECTORS",
    "Registry",
    "RegistryEntry",
    "Role",
    "default_registry",
    "entry_from_dict",
    "load_registry",
    "norm",
    "read_registry_file",
]
