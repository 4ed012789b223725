// Failed-sign-in counters by key (opaque hashes made by scenegraph.auth.accounts).
MATCH (f:SignInFailure)
WHERE f.key IN $keys
RETURN f.key AS key, f.count AS count, f.last AS last, f.expires AS expires
