// GET /api/admin/tokens?kind=&userId=&skip=&take= (an instance admin): every live token, any user's.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { TOKEN_KINDS } from '../../tokens/admin-token-service.js';

const Query = Type.Object({
  kind: Type.Optional(Type.Union(TOKEN_KINDS.map((k) => Type.Literal(k)))),
  userId: Type.Optional(Type.String({ maxLength: 64 })),
  skip: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000 })),
  take: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});

export default function register(app: App, ctx: RouteContext): void {
  app.get('/api/admin/tokens', { onRequest: ctx.requirePerson, schema: { querystring: Query } }, async (request) => {
    const { kind, userId, skip = 0, take = 100 } = request.query;
    return ctx.services.adminTokens.list(ctx.principal(request), { kind, userId }, skip, take);
  });
}
