// GET /api/v2.1/dtable/share-link-access-token/?token=... (no authentication; an Authorization
// header is ignored): a read-only base access token. The link's password (query `password` or
// header X-Share-Link-Password) and expiry are enforced.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';

const Query = Type.Object({
  token: Type.Optional(Type.String({ maxLength: 100 })),
  password: Type.Optional(Type.String({ maxLength: 1024 })),
});

export default function register(app: App, ctx: RouteContext): void {
  app.get('/api/v2.1/dtable/share-link-access-token/', { schema: { querystring: Query } }, async (request) => {
    const header = request.headers['x-share-link-password'];
    const password = request.query.password ?? (typeof header === 'string' ? header : undefined);
    return ctx.services.shareLinks.accessToken(request.query.token, password, ctx.origin(request));
  });
}
