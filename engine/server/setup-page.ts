/**
 * GET /setup: the page behind the setup link. It reads the one-time token from the URL fragment and posts it, with
 * the first admin's name and password, to POST /api/setup; on success the new admin is logged in. Plain
 * HTML with one inline script allowed by a per-response nonce, so the page works before the admin UI is built and
 * without loading anything from elsewhere.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

export function registerSetupPage(app: FastifyInstance): void {
  app.get('/setup', async (_request, reply) => {
    const nonce = randomBytes(16).toString('base64');
    return reply
      .type('text/html; charset=utf-8')
      .header(
        'content-security-policy',
        `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'`,
      )
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .send(page(nonce));
  });
}

function page(nonce: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bots EDI: create the first admin</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}label{display:block;margin:.8rem 0 .2rem}
input{width:100%;padding:.4rem;box-sizing:border-box}button{margin-top:1rem;padding:.5rem 1rem}#message{margin-top:1rem}</style></head>
<body><h1>Create the first admin</h1>
<p>This link works once. The password needs at least 10 characters.</p>
<form id="setup"><label for="username">User name</label><input id="username" name="username" autocomplete="username" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="new-password" minlength="10" required>
<label for="repeat">Password again</label><input id="repeat" type="password" autocomplete="new-password" required>
<button type="submit">Create admin</button></form><p id="message" role="status"></p>
<script nonce="${nonce}">
const token = new URLSearchParams(location.hash.slice(1)).get('token');
const message = document.getElementById('message');
if (!token) message.textContent = 'This link has no setup token: copy the whole link that bots serve printed.';
document.getElementById('setup').addEventListener('submit', async (event) => {
  event.preventDefault();
  const username = document.getElementById('username').value;
  const password = document.getElementById('password').value;
  if (password !== document.getElementById('repeat').value) { message.textContent = 'The two passwords differ.'; return; }
  const response = await fetch('/api/setup', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, username, password }) });
  const body = await response.json().catch(() => ({}));
  if (response.ok) { history.replaceState(null, '', '/setup'); message.textContent = 'Done: ' + body.user.username + ' is admin and logged in. The API is described at /api/openapi.json.'; }
  else message.textContent = body.message || ('The server answered ' + response.status);
});
</script></body></html>
`;
}
