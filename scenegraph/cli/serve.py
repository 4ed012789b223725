"""`python -m scenegraph.cli.serve`: the address `bash scripts/app` may serve on, printed for the script.

127.0.0.1 unless SCENEGRAPH_ADDRESS says otherwise. A non-loopback address with sign-in off is refused (exit 2,
one line on stderr) unless SCENEGRAPH_OPEN_NETWORK=yes, and then served with a warning on stderr."""

from __future__ import annotations

import sys

from scenegraph.base.errors import SettingsError
from scenegraph.base.settings import load_auth_settings, load_serve_settings, serve_problem


def main() -> int:
    try:
        serve, auth = load_serve_settings(), load_auth_settings()
    except SettingsError as e:
        print(f"scenegraph: {e}", file=sys.stderr)
        return 2
    refusal, warning = serve_problem(serve.address, auth.enabled, serve.open_network)
    if refusal:
        print(f"scenegraph: {refusal}", file=sys.stderr)
        return 2
    if warning:
        print(f"scenegraph: {warning}", file=sys.stderr)
    print(serve.address)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
