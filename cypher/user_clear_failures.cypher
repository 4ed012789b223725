// A successful sign-in (or a reset) forgets earlier failures.
MATCH (u:User {name: $name})
REMOVE u.failures, u.last_failure
RETURN count(u) AS changed
