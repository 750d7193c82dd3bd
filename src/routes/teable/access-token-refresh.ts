// POST /api/access-token/{id}/refresh {expiredTime?}: a new secret, shown once; the old one dies.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { ExpiredTime } from './access-token-schemas.js';
import { IdParams } from './params.js';

const Body = Type.Object({ expiredTime: Type.Optional(ExpiredTime) });

export default function register(app: App, ctx: RouteContext): void {
  app.post('/api/access-token/:id/refresh', { onRequest: ctx.requirePerson, schema: { params: IdParams, body: Body } }, async (request) =>
    ctx.services.accessTokens.refresh(ctx.principal(request), request.params.id, request.body, ctx.origin(request)),
  );
}
