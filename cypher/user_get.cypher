// One account by user name.
MATCH (u:User {name: $name})
RETURN u {.*} AS user
