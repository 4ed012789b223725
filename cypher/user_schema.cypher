// Accounts (sign-in on a shared server): one :User per user name; its uid, e-mail and subject unique.
// :User and :SignInFailure nodes carry no :Entity label, so graph loads, --replace and every graph query leave them alone.
CREATE CONSTRAINT user_name IF NOT EXISTS FOR (u:User) REQUIRE u.name IS UNIQUE;
CREATE CONSTRAINT user_uid IF NOT EXISTS FOR (u:User) REQUIRE u.uid IS UNIQUE;
CREATE CONSTRAINT user_email IF NOT EXISTS FOR (u:User) REQUIRE u.email IS UNIQUE;
CREATE CONSTRAINT user_subject IF NOT EXISTS FOR (u:User) REQUIRE u.subject IS UNIQUE;
CREATE CONSTRAINT signin_failure_key IF NOT EXISTS FOR (f:SignInFailure) REQUIRE f.key IS UNIQUE;
CREATE INDEX signin_failure_scope IF NOT EXISTS FOR (f:SignInFailure) ON (f.scope)
