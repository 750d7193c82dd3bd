// GET /api/admin/tokens?kind=&userId=&skip=&take= (an instance admin): every live token, any user's.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { TAGS } from '../shared-schemas.js';
import { TOKEN_KINDS } from '../../tokens/admin-token-service.js';

const Kind = Type.Union(TOKEN_KINDS.map((k) => Type.Literal(k)));

const Query = Type.Object({
  kind: Type.Optional(Kind),
  userId: Type.Optional(Type.String({ maxLength: 64 })),
  skip: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000 })),
  take: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'Default 100' })),
});

const Page = Type.Object({
  tokens: Type.Array(
    Type.Object({
      id: Type.String(),
      kind: Kind,
      userId: Type.String(),
      name: Type.String(),
      expiredTime: Type.String({ format: 'date-time' }),
      createdTime: Type.String({ format: 'date-time' }),
      lastUsedTime: Type.Optional(Type.String({ format: 'date-time' })),
    }),
  ),
  total: Type.Integer(),
});

export default function register(app: App, ctx: RouteContext): void {
  app.get(
    '/api/admin/tokens',
    {
      onRequest: ctx.requirePerson,
      schema: { summary: "List everyone's live tokens (no secrets)", description: 'The instance admin only.', tags: [TAGS.admin.name], querystring: Query, response: { 200: Page } },
    },
    async (request) => {
      const { kind, userId, skip = 0, take = 100 } = request.query;
      return ctx.services.adminTokens.list(ctx.principal(request), { kind, userId }, skip, take);
    },
  );
}
