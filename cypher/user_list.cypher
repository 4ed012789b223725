// Every account, by name.
MATCH (u:User)
RETURN u {.*} AS user
ORDER BY u.name
