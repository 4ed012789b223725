// Overwrite an existing account (all properties; absent ones are removed).
MATCH (u:User {name: $name})
SET u = $props
RETURN count(u) AS changed
