// POST /api/admin/jwt-keys/rotate (an instance admin, signed in): a new signing key for base
// access tokens; the old ones keep verifying until their tokens have expired. Also `tessera keys rotate`.
import { AppError } from '../../errors.js';
import type { App, RouteContext } from '../context.js';

export default function register(app: App, ctx: RouteContext): void {
  app.post('/api/admin/jwt-keys/rotate', { onRequest: ctx.requirePerson }, async (request, reply) => {
    const principal = ctx.principal(request);
    const user = await ctx.services.users.findById(principal.userId);
    if (user?.is_admin !== 1) throw new AppError('restricted_resource', 'only an instance admin may rotate keys');
    return reply.code(201).send({ kid: await ctx.services.keys.rotate(ctx.origin(request), principal), keys: await ctx.services.keys.list() });
  });
}
