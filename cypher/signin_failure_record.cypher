// One more failed sign-in on a counter, counted under the node's write lock (taken first, so two concurrent
// failures both count); an expired counter starts again from 1.
MERGE (f:SignInFailure {key: $key})
ON CREATE SET f.count = 0, f.expires = $at
SET f._lock = true
WITH f
SET f.count = CASE WHEN f.expires > $at THEN f.count + 1 ELSE 1 END,
    f.scope = $scope, f.last = $at, f.expires = $expires
REMOVE f._lock
RETURN f.count AS failures
