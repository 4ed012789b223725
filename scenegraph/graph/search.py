"""The search ranking, defined once for every store: what a query matches and in which order.

A node is matched on its id, its two names and its `aliases` (words in either language a user may search for,
e.g. AE, perfluorocarbon), then on its descriptions. Case, width, hyphens, spaces and punctuation do not matter.
Hits are ordered by how they match (`Match`), then by how well their names match, then by how well their
descriptions match (both relevance scores, higher first), then by id:

    0 exact        the query is the id, a name or an alias
    1 prefix       a name or an alias starts with the query
    2 name         the id, a name or an alias contains the query, or holds every term of it
    3 text         at least half the query's terms are in the names or descriptions, or the descriptions
                   contain the query

Relevance is BM25 (k1 = 1.2, b = 0.75, Lucene's idf) of two fields, the names with the aliases, and the
descriptions, Latin and Chinese terms counted apart (each with their own lengths), so a long Chinese name does
not dilute an English query. The names come first: among nodes that match alike, the one whose names say most
about the query, in the fewest words, leads ("阳极效应" -> 阳极效应系数 before 阳极效应预测与抑制); the
descriptions order what the names leave tied, and the nodes only they mention.

Terms (`terms`): English words lower-cased, US spellings folded to British ones, stop words dropped and
Snowball-stemmed ("emissions" -> "emiss", "PFCs" -> "pfc"); Chinese as overlapping character bigrams (what
Lucene's CJK analyzer does), so "氧化铝能耗" meets "氧化铝综合能耗" without a dictionary: bigrams need no word list
that would miss the trade's own words (赤泥, 阳极效应), and what does not match ("铝能") only costs a little score.

Both stores call the same functions: the memory store over a `SearchIndex` of the graph; Neo4j retrieves the
candidates and the corpus counts through indexes (stores/neo4j/search_keys.py) and scores them here.
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from functools import cached_property, lru_cache
from typing import Any

import snowballstemmer

from scenegraph.base.errors import InputRejected
from scenegraph.base.limits import LIMITS

__all__ = ["Corpus", "Match", "Query", "QueryTooLong", "SearchIndex", "SearchKeys", "check_query", "keys", "match",
           "normalize", "order", "scores", "terms", "words"]

_NOT_WORD = re.compile(r"[\W_]+")
_SPLIT = re.compile(r"[\s\-_/·,;:()（）、，]+")
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKENS = re.compile(rf"(?P<cjk>[{_CJK}]+)|(?P<word>[^\W_{_CJK}]+)")
#: a query shorter than this (after normalising) matches only exactly or as a prefix: "ae" is in too many words
MIN_SUBSTRING = 2
K1, B = 1.2, 0.75


class QueryTooLong(InputRejected):
    """A search query over LIMITS.max_query_chars: refused before any node is looked at (a 90 KB query cost 22 s
    of server time on the embedded store, being normalised once per node)."""

    def __init__(self, length: int):
        self.length = length
        super().__init__(f"the search text is {length:,} characters long, over the limit "
                         f"(max_query_chars = {LIMITS.max_query_chars:,})")


def check_query(text: str) -> str:
    """`text` when it may be searched for; QueryTooLong when it is over the limit (every store parses its queries
    through Query.parse, which checks this first)."""
    if len(text) > LIMITS.max_query_chars:
        raise QueryTooLong(len(text))
    return text
_STOP = frozenset("a an and are as at by for from in into is of on or per the to via with without".split())
#: American spellings folded to the British ones of the data (before stemming, so every form follows)
_SPELLING = {"aluminum": "aluminium", "center": "centre", "centers": "centres", "color": "colour",
             "colors": "colours", "analyze": "analyse", "analyzer": "analyser", "fiber": "fibre", "meter": "metre",
             "liter": "litre", "modeling": "modelling", "labeled": "labelled", "traveling": "travelling"}
_IZE = re.compile(r"iz(e|es|ed|er|ers|ing|ation|ations)$")
#: the plural of an acronym ("PFCs", "KPIs"): Snowball keeps the s of a word without a vowel
_ACRONYMS = re.compile(r"\b([A-Z][A-Z0-9]+)s\b")
#: variant characters the trade writes both ways: 炭素 / 碳素 (carbon products)
_VARIANTS = {"炭": "碳"}


def _fold(text: str) -> str:
    """The variants folded (str.replace per variant: str.translate looks up every character in Python)."""
    for variant, standard in _VARIANTS.items():
        if variant in text:
            text = text.replace(variant, standard)
    return text


class Match(IntEnum):
    """How a node matches a query (the first key of the order)."""

    EXACT = 0
    PREFIX = 1
    NAME = 2
    TEXT = 3

    @property
    def word(self) -> str:
        return self.name.lower()


def normalize(text: str) -> str:
    """Lower case, NFKC (full-width letters and digits become ASCII), without spaces, hyphens or punctuation."""
    return _NOT_WORD.sub("", _fold(unicodedata.normalize("NFKC", text).lower()))


def words(text: str) -> list[str]:
    """The query's words, normalised (Chinese text without spaces is one word)."""
    return [w for w in (normalize(x) for x in _SPLIT.split(unicodedata.normalize("NFKC", text))) if w]


@lru_cache(maxsize=1)
def _stemmer() -> Any:  # snowballstemmer ships no types
    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    word = _SPELLING.get(word) or _IZE.sub(r"is\1", word)
    return str(_stemmer().stemWord(word))


def _terms(text: str) -> tuple[list[str], list[str]]:
    latin: list[str] = []
    cjk: list[str] = []
    text = unicodedata.normalize("NFKC", text)
    if "s" in text:  # an acronym's plural ends in "s": a text without one (most Chinese text) skips the pass
        text = _ACRONYMS.sub(r"\1", text)
    for run, word in _TOKENS.findall(_fold(text.lower())):  # (cjk, word) per token, one is empty
        if run:
            cjk.extend([run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)])
        elif word not in _STOP:  # a number is its own stem: kept out of the stems' cache (ids filled it at 1M)
            latin.append(word if word.isdigit() else _stem(word))
    return latin, cjk


def terms(text: str) -> list[str]:
    """The index terms of a text, in order, repeats kept: stemmed English words (no stop words), then Chinese
    character bigrams (a lone character stays itself)."""
    latin, cjk = _terms(text)
    return latin + cjk


_CJK_START = re.compile(f"[{_CJK}]")


@lru_cache(maxsize=65536)
def _is_cjk(term: str) -> bool:
    return bool(_CJK_START.match(term))


@dataclass(frozen=True)
class SearchKeys:
    """What a node is matched on, normalised once: the normalised id, names (both names and every alias) and
    descriptions for the match; the terms of its names and aliases, and of its descriptions, for the scores."""

    id: str
    names: tuple[str, ...]
    description: str
    name_terms: tuple[str, ...]
    desc_terms: tuple[str, ...]

    def counts(self) -> tuple[int, int, int, int]:
        """The lengths of its fields (what it adds to `Corpus.totals`): Latin and Chinese terms of its names and
        aliases, Latin and Chinese terms of its descriptions (counted once: every score of the node needs them)."""
        return self._counts

    @cached_property
    def _counts(self) -> tuple[int, int, int, int]:
        name_cjk = sum(map(_is_cjk, self.name_terms))
        desc_cjk = sum(map(_is_cjk, self.desc_terms))
        return len(self.name_terms) - name_cjk, name_cjk, len(self.desc_terms) - desc_cjk, desc_cjk


def _aliases(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable):
        return [x for x in value if isinstance(x, str)]
    return []


def keys(node: Mapping[str, Any]) -> SearchKeys:
    """The keys of a node's properties (id, name_zh, name_en, aliases, description_zh/_en)."""
    names = [node.get("name_zh") or "", node.get("name_en") or "", *_aliases(node.get("aliases"))]
    desc = f"{node.get('description_zh') or ''} {node.get('description_en') or ''}"
    return SearchKeys(normalize(node["id"]), tuple(n for n in (normalize(x) for x in names) if n), normalize(desc),
                      tuple(t for x in names for t in terms(x)), tuple(terms(desc)))


@dataclass(frozen=True)
class Query:
    """A query, parsed once: its normalised text and its distinct terms."""

    text: str  # normalised
    terms: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> Query | None:
        """None for a query that matches nothing (blank or punctuation only); QueryTooLong over the limit."""
        q = normalize(check_query(text))
        return cls(q, tuple(dict.fromkeys(terms(text)))) if q else None

    @property
    def enough(self) -> int:
        """How many of its terms a node must hold to match on terms alone: half of them, rounded up ("no such thing
        at all" is not answered by every text that says "all")."""
        return (len(self.terms) + 1) // 2

    @property
    def long(self) -> bool:
        """Long enough to match inside a word (not only as a whole name or a prefix)."""
        return len(self.text) >= MIN_SUBSTRING


def match(query: Query, k: SearchKeys) -> Match | None:
    """How a node matches (see the module's docstring), or None when it does not."""
    q = query.text
    if q == k.id or q in k.names:
        return Match.EXACT
    if any(n.startswith(q) for n in k.names):
        return Match.PREFIX
    if query.long and (q in k.id or any(q in n for n in k.names)):
        return Match.NAME
    in_names = set(k.name_terms)
    if query.terms and all(t in in_names for t in query.terms):
        return Match.NAME
    held = len((in_names | set(k.desc_terms)).intersection(query.terms))
    if held and held >= query.enough:
        return Match.TEXT
    if query.long and q in k.description:
        return Match.TEXT
    return None


@dataclass(frozen=True)
class Corpus:
    """What BM25 needs of the whole graph: the number of nodes, the sums of `SearchKeys.counts` over them, and for
    each query term the number of nodes holding it in the names (or aliases), and in the descriptions."""

    docs: int
    totals: tuple[int, int, int, int]
    name_df: Mapping[str, int]
    desc_df: Mapping[str, int]


def _idf(df: int, docs: int) -> float:
    return math.log(1.0 + (docs - df + 0.5) / (df + 0.5))


def _field(query: Query, found: Sequence[str], lengths: tuple[int, int], totals: tuple[int, int],
           df: Mapping[str, int], docs: int) -> float:
    """BM25 of one field (its terms `found`, Latin and Chinese lengths) over the query's terms."""
    tf = Counter(found)
    total = 0.0
    for q in query.terms:
        if tf[q]:
            cjk = _is_cjk(q)
            average = totals[cjk] / docs if docs else 0.0
            norm = 1.0 - B + B * (lengths[cjk] / average if average else 0.0)
            total += _idf(df.get(q, 0), docs) * tf[q] * (K1 + 1.0) / (tf[q] + K1 * norm)
    return total


def scores(query: Query, k: SearchKeys, corpus: Corpus) -> tuple[float, float]:
    """The relevance of a node's names (with aliases) and of its descriptions for a query (see the module's
    docstring), each rounded to 9 places so that every store and machine orders and prints them alike."""
    n = k.counts()
    t = corpus.totals
    names = _field(query, k.name_terms, (n[0], n[1]), (t[0], t[1]), corpus.name_df, corpus.docs)
    text = _field(query, k.desc_terms, (n[2], n[3]), (t[2], t[3]), corpus.desc_df, corpus.docs)
    return round(names, 9), round(text, 9)


def order(query: Query, candidates: Iterable[tuple[str, SearchKeys]], corpus: Corpus,
          limit: int | None = None) -> list[tuple[str, Match, float, float]]:
    """The candidates that match, best first: (id, match, name score, text score), ordered by match, then the
    name score and the text score (higher first), then id."""
    found = []
    for node_id, k in candidates:
        m = match(query, k)
        if m is not None:
            name, text = scores(query, k, corpus)
            found.append((m, -name, -text, node_id))
    found.sort()
    if limit is not None:
        found = found[:limit]
    return [(node_id, m, -name + 0.0, -text + 0.0) for m, name, text, node_id in found]


#: separators of the name blob (SearchIndex): no normalised text holds a control character
_NODE, _NAME = "\u0002", "\u0001"


class SearchIndex:
    """The search keys of every node of a graph and the corpus counts, built once per graph (the memory store),
    with what finds the candidates without looking at every node (a scan cost 270-470 ms at 1M relationships):
    an inverted index of the terms, the normalised ids, and every node's id and names (and its descriptions) in
    one string each, searched by str.find. The candidates are a superset of what `match` accepts; `order` then
    matches and scores them as before, so the ranking is the scan's."""

    def __init__(self, nodes: Iterable[tuple[str, str, Mapping[str, Any]]]):
        self.rows: list[tuple[str, str, SearchKeys]] = [(n, label, keys({**a, "id": n})) for n, label, a in nodes]
        self.name_df: Counter[str] = Counter()
        self.desc_df: Counter[str] = Counter()
        totals = [0] * 4
        #: term -> the rows holding it in their names or descriptions
        self._postings: dict[str, list[int]] = {}
        #: normalised id -> rows (two ids may normalise alike)
        self._ids: dict[str, list[int]] = {}
        names: list[str] = []
        descs: list[str] = []
        self._name_starts: list[int] = []
        self._desc_starts: list[int] = []
        name_at = desc_at = 0
        for i, (_, _, k) in enumerate(self.rows):
            name_terms, desc_terms = set(k.name_terms), set(k.desc_terms)
            self.name_df.update(name_terms)
            self.desc_df.update(desc_terms)
            for n, c in enumerate(k.counts()):
                totals[n] += c
            for t in name_terms | desc_terms:
                self._postings.setdefault(t, []).append(i)
            self._ids.setdefault(k.id, []).append(i)
            # _NODE id _NAME name _NAME name ... _NAME: "starts with q" is _NAME + q, "contains q" is q
            chunk = _NODE + k.id + _NAME + "".join(x + _NAME for x in k.names)
            names.append(chunk)
            self._name_starts.append(name_at)
            name_at += len(chunk)
            chunk = _NODE + k.description
            descs.append(chunk)
            self._desc_starts.append(desc_at)
            desc_at += len(chunk)
        self._labels = {node_id: label for node_id, label, _ in self.rows}
        self._names = "".join(names)
        self._descs = "".join(descs)
        self.totals = (totals[0], totals[1], totals[2], totals[3])

    def corpus(self, query: Query) -> Corpus:
        return Corpus(len(self.rows), self.totals, {t: self.name_df[t] for t in query.terms},
                      {t: self.desc_df[t] for t in query.terms})

    @staticmethod
    def _found(blob: str, starts: list[int], needle: str, into: set[int]) -> None:
        """The rows whose part of `blob` holds `needle` (rows start at `starts`; no needle spans two rows)."""
        at = blob.find(needle)
        while at >= 0:
            row = bisect_right(starts, at) - 1
            into.add(row)
            # on to the next row: a row is found once however often it holds the needle
            at = blob.find(needle, starts[row + 1]) if row + 1 < len(starts) else -1

    #: when the query's terms are held by more rows than this (and half of them), every row is a candidate: a
    #: whole name ("Scenario 4711") matches each node of its label as text, and gathering them cost more than
    #: the scan it saved (1.05-1.26x the scan at 1M)
    scan_above = 10_000

    def candidates(self, query: Query) -> set[int] | range:
        """The rows that `match` may accept for `query` (a superset: each is matched after)."""
        if query.terms:
            held_by = sum(len(self._postings.get(t, ())) for t in query.terms)
            if held_by > max(self.scan_above, len(self.rows) // 2):
                return range(len(self.rows))
        q = query.text
        found: set[int] = set(self._ids.get(q, ()))
        if query.long:
            self._found(self._names, self._name_starts, q, found)  # the id or a name holds q (or is, or starts)
            self._found(self._descs, self._desc_starts, q, found)  # the descriptions hold q
        else:
            self._found(self._names, self._name_starts, _NAME + q, found)  # a name is q or starts with it
        if query.terms:
            held: Counter[int] = Counter()
            for t in query.terms:
                held.update(self._postings.get(t, ()))
            enough = query.enough  # holding every term in the names holds at least this many too
            found.update(row for row, n in held.items() if n >= enough)
        return found

    def search(self, text: str, labels: Sequence[str] | None = None,
               limit: int | None = None) -> list[tuple[str, str, Match, float, float]]:
        """(id, label, match, name score, text score) of the nodes matching `text`, best first."""
        query = Query.parse(text)
        if query is None:
            return []
        wanted = set(labels) if labels else None
        rows = self.rows
        # a generator, not a list: a whole name matches every node of its label as text (100,000 at 1M), and a
        # list of them all held at once measured slower than the scan (new objects by the 100,000 set off
        # Python's collector, which walks every object of the graph)
        found = self.candidates(query)
        candidates = ((rows[i][0], rows[i][2]) for i in (found if isinstance(found, range) else sorted(found))
                      if wanted is None or rows[i][1] in wanted)
        return [(n, self._labels[n], m, ns, ts) for n, m, ns, ts in order(query, candidates, self.corpus(query), limit)]
