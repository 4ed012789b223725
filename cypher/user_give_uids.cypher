// Accounts added before accounts had a uid get one (32 hex digits, random), once; failed-sign-in counts of that
// time are dropped (they now live in :SignInFailure counters).
MATCH (u:User)
WHERE u.uid IS NULL OR u.failures IS NOT NULL OR u.last_failure IS NOT NULL
SET u.uid = coalesce(u.uid, replace(randomUUID(), '-', ''))
REMOVE u.failures, u.last_failure
RETURN count(u) AS changed
