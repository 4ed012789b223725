// Remove an account.
MATCH (u:User {name: $name})
DELETE u
RETURN count(*) AS removed
