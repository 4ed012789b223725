// Expired failed-sign-in counters are forgotten.
MATCH (f:SignInFailure)
WHERE f.expires <= $at
WITH f LIMIT 10000
DELETE f
RETURN count(*) AS removed
