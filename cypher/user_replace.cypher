// Overwrite an existing account (all properties; absent ones are removed): the same name AND the same uid, so an
// old copy of a removed account never overwrites a new account of the same name.
MATCH (u:User {name: $name, uid: $uid})
SET u = $props
RETURN count(u) AS changed
