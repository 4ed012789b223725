// How much tenant data the database holds (accounts, saves, their summaries, release-2 enterprises), from the
// label counts: a bulk import, which replaces the whole database, refuses to run over any of it.
RETURN COUNT { MATCH (:User) } + COUNT { MATCH (:Save) } + COUNT { MATCH (:SaveSummary) }
       + COUNT { MATCH (:Enterprise) } AS n
