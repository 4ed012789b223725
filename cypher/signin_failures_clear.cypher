// Forget one counter (a successful sign-in from that source), or every counter of an account (a reset).
MATCH (f:SignInFailure)
WHERE f.key = $key OR f.scope = $scope
DELETE f
RETURN count(*) AS removed
