"""`python -m scenegraph.ui.warm URL [PAGE ...]`: open pages once in new sessions of a server that has just started,
as a browser tab would (Streamlit's websocket, no browser), so that the first user does not pay for the imports, the
graph's load and the per-release caches (the first open of the overview cost 2-5x a trivial Streamlit page's).
scripts/app and scripts/serve-many run it in the background once the server answers. With sign-in on, a session
without a cookie stops at the sign-in screen: only what that run imports is warmed. Never raises: a warm-up that
fails leaves the server as it was (one line on stderr)."""

from __future__ import annotations

import asyncio
import sys
import time
import urllib.request
from typing import Any

from scenegraph.base.i18n import LANGS
from scenegraph.ui.pages import PAGES as NAVIGATION

#: the pages every user may open (the graph, its matrix, the network's and the lens's views, the questionnaire),
#: in the navigation's order; the observatory and the console need a role, and start no slower than these once
#: these have run
PAGES = tuple(path for _, path, _ in NAVIGATION if path not in ("observatory", "console"))
WAIT_S = 120.0


def session(host: str, headers: dict[str, str] | None = None) -> Any:
    """A Streamlit session over its websocket, as a browser tab opens one (an async context manager)."""
    import websockets
    from websockets.typing import Subprotocol

    return websockets.connect(f"ws://{host}/_stcore/stream", subprotocols=[Subprotocol("streamlit")],
                              additional_headers={"Origin": f"http://{host}", **(headers or {})}, max_size=None,
                              open_timeout=WAIT_S)


async def run_page(ws: Any, page: str, query: str) -> int:
    """Run one page in the session `ws` as a navigation would; the number of elements it drew."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = BackMsg()
    msg.rerun_script.page_name = page
    msg.rerun_script.query_string = query
    await ws.send(msg.SerializeToString())
    deltas = 0
    while True:
        fwd = ForwardMsg()
        fwd.ParseFromString(await asyncio.wait_for(ws.recv(), WAIT_S))
        kind = fwd.WhichOneof("type")
        if kind == "page_not_found":
            raise LookupError(page)
        if kind == "script_finished":
            return deltas
        deltas += kind == "delta"


async def _open(host: str, page: str, lang: str) -> None:
    async with session(host) as ws:
        await run_page(ws, page, f"lang={lang}")  # the per-release caches hold each language's view


def warm(url: str, pages: tuple[str, ...] = PAGES, wait_s: float = WAIT_S) -> float:
    """Wait until the server at `url` answers, then open each page in turn in each language; seconds taken."""
    host = url.split("://", 1)[-1].rstrip("/")
    t = time.perf_counter()
    deadline = time.time() + wait_s
    while True:
        try:
            with urllib.request.urlopen(f"http://{host}/_stcore/health", timeout=2):
                break
        except OSError:
            if time.time() > deadline:
                raise
            time.sleep(0.3)
    for lang in LANGS:
        for page in pages:
            asyncio.run(_open(host, page, lang))
    return time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("usage: python -m scenegraph.ui.warm URL [PAGE ...]", file=sys.stderr)
        return 2
    try:
        warm(args[0], tuple(args[1:]) or PAGES)
    except Exception as e:  # a warm-up only: the server serves as it would have without it
        print(f"scenegraph: warm-up of {args[0]} failed ({type(e).__name__})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
