// GET /api/token-policies (any signed-in caller or token): the lifetime cap of each token kind, so
// that a form can offer only what will be accepted.
import type { App, RouteContext } from '../context.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get('/api/token-policies', { onRequest: ctx.authenticate }, async () => ({ policies: await ctx.services.tokenPolicies.list() }));
}
