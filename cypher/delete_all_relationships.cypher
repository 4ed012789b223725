// Benchmarks: drop every relationship, keep the nodes.
MATCH ()-[r]->()
CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS
