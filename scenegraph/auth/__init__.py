"""Sign-in for a shared server: built-in accounts (bcrypt) and an organisation's identity provider (Streamlit's
own OIDC login), users kept in the configured store, and the rules that turn a sign-in into an access.Principal.

Off by default (SCENEGRAPH_AUTH=off): the embedded single-user app and the CLI run as access.LOCAL.

Why not streamlit-authenticator: it keeps credentials in its own YAML/dict and sessions in a cookie set by a
custom JavaScript component. Here users must live in the configured store (a users file or Neo4j :User nodes),
failed sign-ins must be counted per user across processes, and the sign-in screen must run under AppTest (which
renders no custom components); bcrypt itself plus a small Streamlit form does exactly that in ~100 lines. A
password session survives a reload through a cookie signed by itsdangerous (sessions.py), checked against the
user store every time it is used.
"""
