// GET /readyz: 200 {status: "ready"} when the store answers and its migrations are current; 503
// {status: "unavailable", reason} otherwise, and from the moment a shutdown begins.
import type { App, RouteContext } from '../context.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get('/readyz', async (_request, reply) => {
    const state = await ctx.services.readiness.check();
    return state.ready ? { status: 'ready' } : reply.code(503).send({ status: 'unavailable', reason: state.reason });
  });
}
