"""URL (query) parameters: one small pydantic model per page, so a copied link reopens the same view and a
bad link is corrected to the defaults before any widget sees it (`?levels=12` never reaches a multiselect).

Lists travel comma-separated (`?labels=Stage,Scenario`). A field that does not validate is dropped back to its
default, the others are kept. The language (`lang`) is not a page parameter: `context.language` keeps it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal, Self

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from scenegraph.base.limits import LIMITS
from scenegraph.graph.schema import LABELS, NodeId

__all__ = ["ExportParams", "LensParams", "NetworkParams", "NodeParams", "OverviewParams", "PageParams",
           "PathsParams", "show_in_url",
           "url_run_starts"]


def _split(value: Any) -> Any:
    if isinstance(value, str):
        return [x for x in value.split(",") if x]
    return value


def _label(value: str) -> str:
    if value not in LABELS:
        raise ValueError(f"not a label of the schema: {value[:40]!r}")
    return value


#: a node label of the schema (scenegraph.graph.schema.LABELS)
Label = Annotated[str, AfterValidator(_label)]
Level = Annotated[int, Field(ge=1, le=5)]
Ids = Annotated[list[NodeId], BeforeValidator(_split), Field(max_length=64)]
Labels = Annotated[list[Label], BeforeValidator(_split), Field(max_length=len(LABELS))]
Levels = Annotated[list[Level], BeforeValidator(_split), Field(max_length=5)]
Query = Annotated[str, Field(max_length=LIMITS.max_query_chars)]
Grades = Annotated[list[Literal["A", "B", "C", "D"]], BeforeValidator(_split), Field(max_length=4)]


class PageParams(BaseModel):
    """Base of every page's parameters: unknown parameters ignored, bad ones reset to their default."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True, frozen=True)

    @classmethod
    def parse(cls, raw: Mapping[str, str | None]) -> Self:
        """The page's view from the URL's parameters (a mapping of name -> text)."""
        data = {k: v for k, v in raw.items() if isinstance(v, str)}
        for _ in range(len(cls.model_fields) + 1):
            try:
                return cls.model_validate(data)
            except ValidationError as e:
                bad = {str(err["loc"][0]) for err in e.errors() if err.get("loc")}
                if not bad & set(data):
                    break
                for key in bad:
                    data.pop(key, None)
        return cls()

    @classmethod
    def _memory_key(cls) -> str:
        return f"_view_{cls.__name__}"

    @classmethod
    def read(cls) -> Self:
        """The page's view from the current URL. A URL without any of the page's parameters (the sidebar's link,
        which drops them) reopens the view this session last had on the page, and puts it back into the URL (so a
        reload or a copied link keeps it)."""
        import streamlit as st

        raw = {k: st.query_params.get(k) for k in st.query_params}
        names = {info.alias or name for name, info in cls.model_fields.items()}
        remembered = st.session_state.get(cls._memory_key())
        if remembered and not names & set(raw):
            raw.update(remembered)  # into the URL with the rest of the view, by `write` (one history entry)
        return cls.parse(raw)

    def encode(self) -> dict[str, str]:
        """Every field as URL text ('' for a default, so it is left out of the URL)."""
        out: dict[str, str] = {}
        for field_name, info in type(self).model_fields.items():
            key = info.alias or field_name
            value = getattr(self, field_name)
            if value == info.default or value is None:
                out[key] = ""
            elif isinstance(value, list | tuple):
                out[key] = ",".join(str(x) for x in value)
            else:
                out[key] = str(value)
        return out

    def write(self) -> None:
        """Put the view into the URL (defaults are left out) and remember it for the session."""
        import streamlit as st

        st.session_state[type(self)._memory_key()] = {k: v for k, v in self.encode().items() if v}
        show_in_url(self.encode())


_SHOWN = "_url_shown"  # session key: (page, parameters) the browser's address bar shows, as far as we know


def url_run_starts(page: str) -> None:
    """Called by the entry point once the page of this run is known: what the address bar shows now. After a
    change of page (a link, the sidebar, Back) the browser shows the new page with the parameters this run got;
    on the same page it still shows what it showed: a link followed to the page already shown (a card's link to
    another card) changes the parameters this run gets, not the address."""
    import streamlit as st

    shown = st.session_state.get(_SHOWN)
    if shown is None or shown[0] != page:
        st.session_state[_SHOWN] = (page, st.query_params.to_dict())


def show_in_url(values: Mapping[str, str] | None = None) -> None:
    """Put the view shown into the address bar: the URL's parameters with `values` set ('' removes one) and the
    interface language, in ONE message, sent only when the browser shows something else (this run's parameters,
    or the address it showed before the run). Streamlit's browser side adds a history entry for each address
    it receives that differs from the one shown (and replaces it during Back/Forward): so a navigation adds one
    entry (a write key by key added one per key, and Back stopped at half-changed views), a link to another
    card gets its address and its entry, and a run that changes the page and needs nothing more sends nothing
    (a message that arrives before the new page's address would add an entry of the old page)."""
    import streamlit as st

    from scenegraph.ui.context import language

    current = st.query_params.to_dict()
    wanted = dict(current)  # in the URL's order
    for key, text in (values or {}).items():
        if text:
            wanted[key] = text
        else:
            wanted.pop(key, None)
    wanted["lang"] = language()
    page, shown = st.session_state.get(_SHOWN, (None, None))
    if wanted != current or wanted != shown:
        st.query_params.from_dict(wanted)
        st.session_state[_SHOWN] = (page, wanted)


class OverviewParams(PageParams):
    map: Literal["count", "share", "grade"] = "count"
    stage: NodeId | None = None
    domain: NodeId | None = None
    q: Query = ""
    #: evidence grades the map counts (none given: every grade)
    grades: Grades = []


class NodeParams(PageParams):
    id: NodeId | None = None


class PathsParams(PageParams):
    src: NodeId | None = Field(default=None, alias="from")
    to: NodeId | None = None
    #: labels not passed through; the default avoids the Domain hub, `none` avoids nothing
    avoid: Annotated[list[Label | Literal["none"]], BeforeValidator(_split)] = ["Domain"]

    @property
    def avoid_labels(self) -> list[str]:
        return [x for x in self.avoid if x != "none"]


class LensParams(PageParams):
    target: NodeId | None = None
    #: leave out scenarios whose effect is illustrative (for briefings)
    sourced: bool = False


class ExportParams(PageParams):
    labels: Labels = []
    stages: Ids = []
    domains: Ids = []
    levels: Levels = []
    id: NodeId | None = None
    hops: Annotated[int, Field(ge=0, le=3)] = 1
    factory: NodeId | None = None


class NetworkParams(PageParams):
    """For the network page (kept with the other pages' models so every page parses its URL the same way)."""

    focus: NodeId | None = None
    hops: Annotated[int, Field(ge=0, le=3)] = 1
    labels: Labels = []
    stages: Ids = []
    domains: Ids = []
    levels: Levels = []
    size: Literal["importance", "degree"] = "importance"
    cap: Annotated[int, Field(ge=20, le=LIMITS.network_node_cap)] = 150
    layout: Literal["layered", "force", "ego"] = "layered"
