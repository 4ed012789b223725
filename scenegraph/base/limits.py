"""Every bound on work and input, in one place, so a message can name the limit and a deployment can change it.

The values here are the defaults; `scenegraph.base.settings` (the one place settings are read) may override them
from the environment (SCENEGRAPH_LIMIT_<NAME>). Code reads them as `LIMITS.name`, never as a literal.
"""

from __future__ import annotations

from dataclasses import dataclass

from scenegraph.base.settings import limit_overrides

__all__ = ["LIMITS", "LEVELS", "ANSWER_LEVELS", "Limits"]

#: GB/T 39116-2020 maturity levels a scenario or a factory can carry
LEVELS = range(1, 6)
#: levels a self-assessment answer can carry (0 = not started)
ANSWER_LEVELS = range(0, 6)


@dataclass(frozen=True)
class Limits:
    # console (read-only Cypher)
    console_timeout_s: float = 10.0
    console_row_cap: int = 1000
    # views
    network_node_cap: int = 400
    # input files (data files, imports, uploads, assessment files)
    max_file_bytes: int = 64 * 1024 * 1024
    max_upload_bytes: int = 16 * 1024 * 1024
    max_archive_entries: int = 64
    max_archive_uncompressed_bytes: int = 256 * 1024 * 1024
    max_nesting_depth: int = 64
    max_rows: int = 5_000_000
    max_text_chars: int = 4000
    max_name_chars: int = 200
    max_problems_listed: int = 200
    # free text typed into the app or sent to a store: a search query, an enterprise's id, name and region, a
    # Cypher query (console and export); the search's cost grows with the query's length times the graph's size
    max_query_chars: int = 200
    max_cypher_chars: int = 10_000
    # a private download (answers, reports, the observatory's brief) travels over the session's websocket
    max_download_bytes: int = 64 * 1024 * 1024
    max_answers: int = 100_000
    # pictures (PNG/SVG export): labels are cut to this many characters, the image to this many pixels a side
    picture_label_chars: int = 40
    picture_max_px: int = 8000
    # assessments
    clock_skew_s: float = 300.0
    # a plant profile's capacities and KPI values (each), the value model's draws, the optimiser's time
    max_profile_entries: int = 500
    value_samples: int = 4000
    optimise_time_limit_s: float = 30.0
    # observatory: no aggregate cell is built from fewer enterprises than this (k-anonymity)
    observatory_min_group: int = 5
    # observatory: a pooled sum (the potential of saved plans) is not shown when one enterprise's plan holds more than
    # this share of it (the dominance rule of magnitude tables), nor when the hidden groups of a shown total are
    observatory_max_share: float = 0.6
    # neighbourhoods: a node with more relationships than this (a stage or domain of a huge graph) is shown but not
    # walked through, so a 2-hop view stays a neighbourhood and its cost stays bounded (both stores alike)
    hub_degree: int = 1000
    # the largest neighbourhood radius a query may ask for
    max_hops: int = 6
    # sign-in (shared server): failed sign-ins are counted per account and source (the client's address; one
    # IPv6 /64 counts as one source) and per source across all accounts. One account from one source: the
    # SCENEGRAPH_LOGIN_* settings (3 free, then 2 s doubling to 300 s), that count forgotten a day after its
    # last failure. One source across accounts (password spraying): this many free failures, then the same
    # doubling wait, forgotten an hour after the source's last failure.
    signin_source_free_failures: int = 10
    signin_source_memory_s: float = 3600.0
    signin_account_memory_s: float = 86400.0
    # failed-sign-in counters a users file keeps beside it (the soonest to be forgotten dropped first)
    signin_counters_kept: int = 100_000
    # `scenegraph load` into an empty local database: the offline importer from this many relationships on (below,
    # its JVM start and the server restart cost more than the online loader's whole load; bench/neo4j_choice.py,
    # round 11: bulk / online 1.21 at 401k relationships, 0.97 at 602k, 0.82 at 752k, 0.79 at 903k)
    bulk_min_relationships: int = 750_000


def _configured() -> Limits:
    """The defaults with the environment's SCENEGRAPH_LIMIT_<NAME> overrides (read by scenegraph.base.settings)."""
    return Limits(**limit_overrides(Limits))


LIMITS = _configured()
