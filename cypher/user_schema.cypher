// Accounts (sign-in on a shared server): one :User per user name; identity-provider e-mail and subject unique.
// :User nodes carry no :Entity label, so graph loads, --replace and every graph query leave them alone.
CREATE CONSTRAINT user_name IF NOT EXISTS FOR (u:User) REQUIRE u.name IS UNIQUE;
CREATE CONSTRAINT user_email IF NOT EXISTS FOR (u:User) REQUIRE u.email IS UNIQUE;
CREATE CONSTRAINT user_subject IF NOT EXISTS FOR (u:User) REQUIRE u.subject IS UNIQUE
