// Failed sign-ins not yet forgotten, of one account (for `users list`).
MATCH (f:SignInFailure {scope: $scope})
WHERE f.expires > $now
RETURN coalesce(sum(f.count), 0) AS failures
