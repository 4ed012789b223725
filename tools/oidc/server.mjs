// A real OpenID Connect provider (panva/oidc-provider, certified) for scenegraph's sign-in tests and for trying
// the identity-provider sign-in locally. NEVER a production identity provider: accounts come from a JSON file
// with plain-text passwords, keys are generated at start, everything is in memory.
//
//   node server.mjs --port 9400 --accounts accounts.json --client-id scenegraph --client-secret S \
//        --redirect-uri http://127.0.0.1:8501/oauth2callback
//
// accounts.json: [{"id": "alice", "password": "...", "email": "alice@example.org", "name": "Alice",
//                  "scenegraph_roles": ["enterprise"], "scenegraph_enterprises": ["ent_a"]}, ...]
// Prints "ready <issuer>" on stdout once it listens; stops on SIGTERM/SIGINT.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { parseArgs } from 'node:util';

import Provider from 'oidc-provider';

const { values: opt } = parseArgs({
  options: {
    port: { type: 'string', default: '9400' },
    host: { type: 'string', default: '127.0.0.1' },
    accounts: { type: 'string' },
    'client-id': { type: 'string', default: 'scenegraph' },
    'client-secret': { type: 'string' },
    'redirect-uri': { type: 'string', multiple: true },
  },
});
if (!opt.accounts || !opt['client-secret'] || !opt['redirect-uri']) {
  console.error('usage: node server.mjs --accounts FILE --client-secret S --redirect-uri URI [--port N]');
  process.exit(2);
}
const accounts = new Map(JSON.parse(readFileSync(opt.accounts, 'utf8')).map((a) => [a.id, a]));
const issuer = `http://${opt.host}:${opt.port}`;
const CLAIMS = ['email', 'email_verified', 'name', 'scenegraph_roles', 'scenegraph_enterprises'];

const provider = new Provider(issuer, {
  clients: [{
    client_id: opt['client-id'],
    client_secret: opt['client-secret'],
    redirect_uris: opt['redirect-uri'],
    // Streamlit's st.logout() comes back through its redirect URI (/oauth2callback), which then goes home
    post_logout_redirect_uris: opt['redirect-uri'],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
    scenegraph: ['scenegraph_roles', 'scenegraph_enterprises'],
  },
  scopes: ['openid', 'email', 'profile', 'scenegraph'],
  // the claims go into the ID token itself (Streamlit reads the ID token, not the userinfo endpoint)
  conformIdTokenClaims: false,
  async findAccount(_ctx, id) {
    const a = accounts.get(id);
    if (!a) return undefined;
    return {
      accountId: id,
      async claims() {
        const out = { sub: id, email_verified: true };
        for (const c of CLAIMS) if (a[c] !== undefined) out[c] = a[c];
        return out;
      },
    };
  },
  // one first-party client: consent is implied (a grant for every requested scope and claim)
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile scenegraph');
    grant.addOIDCClaims(['sub', ...CLAIMS]);
    await grant.save();
    return grant;
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  features: {
    devInteractions: { enabled: false },
    // sign-out from the app ends the provider's session too, without a confirmation page
    rpInitiatedLogout: {
      enabled: true,
      async logoutSource(ctx, form) {
        ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signing out</title></head>
<body>${form}<button form="op.logoutForm" name="logout" value="yes" id="yes">Sign out</button>
<script>document.getElementById('yes').click()</script></body></html>`;
      },
    },
  },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  pkce: { required: () => false },
  ttl: { Session: 3600, Interaction: 600, AuthorizationCode: 60, AccessToken: 600, IdToken: 600, Grant: 3600 },
});
provider.on('server_error', (_ctx, err) => console.error('server_error', err?.message));

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (uid, error = '') => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Test identity provider</title></head><body style="font-family:sans-serif;max-width:26em;margin:4em auto">
<h1>Test identity provider</h1><p>Sign in to continue to scenegraph.</p>
${error ? `<p role="alert" style="color:#b00">${esc(error)}</p>` : ''}
<form method="post" action="/interaction/${esc(uid)}/login" autocomplete="off">
<label>User <input name="login" required autofocus></label><br><br>
<label>Password <input name="password" type="password" required></label><br><br>
<button type="submit">Sign in</button></form></body></html>`;

async function readForm(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 8192) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

const callback = provider.callback();
const server = http.createServer(async (req, res) => {
  const m = /^\/interaction\/([\w-]+)(\/login)?$/.exec(new URL(req.url, issuer).pathname);
  if (!m) return callback(req, res);
  try {
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      return res.end(page(details.uid));
    }
    const form = await readForm(req);
    const account = accounts.get(form.get('login') || '');
    if (!account || account.password !== form.get('password')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      return res.end(page(details.uid, 'Unknown user or wrong password.'));
    }
    return await provider.interactionFinished(req, res, { login: { accountId: account.id } },
      { mergeWithLastSubmission: false });
  } catch (err) {
    res.writeHead(400, { 'content-type': 'text/plain' });
    return res.end(`interaction failed: ${err.message}`);
  }
});
server.listen(Number(opt.port), opt.host, () => console.log(`ready ${issuer}`));
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => server.close(() => process.exit(0)));
