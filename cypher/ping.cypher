// One round trip and nothing else (benchmarks: the latency floor any query pays).
RETURN 1 AS one
