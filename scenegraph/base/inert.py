"""Text from data or users, made inert for the renderer that shows it: a name, a description, a display name, an
enterprise's name or region, an identity provider's claim is shown as the characters it holds, never as Markdown,
HTML, a link, an image, a formula or an icon.

One function per renderer, and every page, chart, component and document goes through these:

- `md`: Streamlit's Markdown (st.markdown, st.caption, st.info/error/..., titles, and every label, help text,
  expander, tab and page link: Streamlit reads Markdown in all of them);
- `plotly`: plotly's text (titles, tick labels, hover, annotations), which reads a subset of HTML including
  `<a href>`;
- `dot`: a Graphviz DOT string (the prerequisite drawing).

Jinja2 documents escape by autoescape; the JavaScript components set text with textContent or escape it.
"""

from __future__ import annotations

import re

__all__ = ["md", "plotly", "dot"]

# every ASCII punctuation character: CommonMark lets each be escaped with a backslash, and escaping all of them
# breaks every construct at once (links, images, autolinks `http://` and `www.`, e-mail autolinks, emphasis,
# code, HTML, entities `&amp;`, math `$`, Streamlit's `:color[...]`, `:material/icon:` and `:emoji:` shortcodes)
_MD_PUNCT = re.compile(r"([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")
_AUTOLINK = re.compile(r"(?i)(https?|www|ftp|mailto|xmpp)(?=\\[:.])|(\\@)")


def md(text: object) -> str:
    """`text` as Markdown that Streamlit shows exactly as these characters: every ASCII punctuation character
    escaped, a line feed kept as a line break, leading spaces kept (no code block)."""
    s = _MD_PUNCT.sub(r"\\\1", "" if text is None else str(text))
    # GFM's literal autolinks (`http://`, `www.`, `a@b.c`) are found in the parsed text, after the escapes: an
    # invisible word joiner keeps them from matching
    s = _AUTOLINK.sub(lambda m: (m.group(1) or m.group(2)) + "\u2060", s)
    lines = s.split("\n")
    return "  \n".join(re.sub(r"^ +", lambda m: "\u00a0" * len(m.group()), line) for line in lines)


def plotly(text: object) -> str:
    """`text` for a plotly title, tick, hover or annotation: its HTML-ish markup (`<a href>`, `<b>`, `<br>`,
    entities) shown as characters."""
    s = "" if text is None else str(text)
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def dot(text: object) -> str:
    """`text` inside a double-quoted Graphviz string: quotes and backslashes escaped (a trailing backslash could
    otherwise end the string and let the rest be read as attributes such as `URL=`), line breaks as spaces."""
    s = "" if text is None else str(text)
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("\r", " ")
