// PUT /api/access-token/{id} {name, description?, scopes, spaceIds?, baseIds?, hasFullAccess?}.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { AccessTokenFields } from './access-token-schemas.js';
import { IdParams } from './params.js';

const Body = Type.Object(AccessTokenFields);

export default function register(app: App, ctx: RouteContext): void {
  app.put('/api/access-token/:id', { onRequest: ctx.requirePerson, schema: { params: IdParams, body: Body } }, async (request) =>
    ctx.services.accessTokens.update(ctx.principal(request), request.params.id, request.body, ctx.origin(request)),
  );
}
