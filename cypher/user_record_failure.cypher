// One more failed sign-in, counted in the write (two concurrent failures both count).
MATCH (u:User {name: $name})
SET u.failures = coalesce(u.failures, 0) + 1, u.last_failure = $at
RETURN u.failures AS failures
