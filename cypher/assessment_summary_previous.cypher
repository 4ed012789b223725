// The save summary a new save at $at interrupts (the enterprise's latest before $at, still open past it), with
// the end it had: the new save moves its end to $at.
MATCH (p:SaveSummary)
WHERE p.enterprise_id = $enterprise_id AND p.at < $at AND p.until > $at
RETURN p {.*} AS previous
LIMIT 1
