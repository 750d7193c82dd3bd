// POST /api/v2.1/workspace/{id}/dtable/{name}/api-tokens/ {app_name, permission}: 201 with the
// secret (`api_token`), shown once.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { BasePathParams } from './base-params.js';

const Body = Type.Object({ app_name: Type.String({ maxLength: 1000 }), permission: Type.String({ maxLength: 10 }) });

export default function register(app: App, ctx: RouteContext): void {
  app.post('/api/v2.1/workspace/:workspaceId/dtable/:dtableName/api-tokens/', { onRequest: ctx.requirePerson, schema: { params: BasePathParams, body: Body } }, async (request, reply) => {
    const { workspaceId, dtableName } = request.params;
    return reply.code(201).send(await ctx.services.apiTokens.create(ctx.principal(request), workspaceId, dtableName, request.body, ctx.origin(request)));
  });
}
