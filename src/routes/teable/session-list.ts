// GET /api/auth/sessions: where the caller is signed in (browser sessions and SeaTable account
// tokens that are live), newest first, the one of this request marked `current`; never a secret.
import type { App, RouteContext } from '../context.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get('/api/auth/sessions', { onRequest: ctx.requirePerson }, async (request) => {
    const principal = ctx.principal(request);
    return ctx.services.sessions.list(principal.userId, principal.credentialId);
  });
}
