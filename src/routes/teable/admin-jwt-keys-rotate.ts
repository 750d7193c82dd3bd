// POST /api/admin/jwt-keys/rotate (an instance admin, signed in): a new signing key for base
// access tokens; the old ones keep verifying until their tokens have expired. Also `tessera keys rotate`.
import { Type } from '@sinclair/typebox';
import { AppError } from '../../errors.js';
import type { App, RouteContext } from '../context.js';
import { TAGS } from '../shared-schemas.js';

const Rotated = Type.Object({
  kid: Type.String({ description: 'The new signing key' }),
  keys: Type.Array(
    Type.Object({ kid: Type.String(), alg: Type.String(), createdTime: Type.String({ format: 'date-time' }), retiredTime: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]) }),
  ),
});

export default function register(app: App, ctx: RouteContext): void {
  app.post(
    '/api/admin/jwt-keys/rotate',
    {
      onRequest: ctx.requirePerson,
      schema: {
        summary: 'Rotate the signing key of base access tokens',
        description: 'The instance admin only. Retired keys verify until the tokens they signed have expired.',
        tags: [TAGS.admin.name],
        response: { 201: Rotated },
      },
    },
    async (request, reply) => {
      const principal = ctx.principal(request);
      const user = await ctx.services.users.findById(principal.userId);
      if (user?.is_admin !== 1) throw new AppError('restricted_resource', 'only an instance admin may rotate keys');
      return reply.code(201).send({ kid: await ctx.services.keys.rotate(ctx.origin(request), principal), keys: await ctx.services.keys.list() });
    },
  );
}
