// PUT /api/v2.1/workspace/{id}/dtable/{name}/api-tokens/{app_name}/ {permission}: takes effect at once.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { ApiTokenPathParams } from './base-params.js';

const Body = Type.Object({ permission: Type.String({ maxLength: 10 }) });

export default function register(app: App, ctx: RouteContext): void {
  app.put('/api/v2.1/workspace/:workspaceId/dtable/:dtableName/api-tokens/:appName/', { onRequest: ctx.requirePerson, schema: { params: ApiTokenPathParams, body: Body } }, async (request) => {
    const { workspaceId, dtableName, appName } = request.params;
    return ctx.services.apiTokens.update(ctx.principal(request), workspaceId, dtableName, appName, request.body, ctx.origin(request));
  });
}
