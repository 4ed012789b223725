// A new account; the user_name constraint refuses a second one of the same name.
CREATE (u:User)
SET u = $props
RETURN u.name AS name
