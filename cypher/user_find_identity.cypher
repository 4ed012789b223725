// The account an identity-provider sign-in maps to: by subject first, then by e-mail.
MATCH (u:User)
WHERE ($subject IS NOT NULL AND u.subject = $subject) OR ($email IS NOT NULL AND u.email = $email)
RETURN u {.*} AS user
ORDER BY CASE WHEN u.subject = $subject THEN 0 ELSE 1 END
LIMIT 1
