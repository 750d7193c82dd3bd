// PUT /api/v2.1/workspace/{id}/dtable/{name}/api-tokens/{app_name}/ {permission}: takes effect at once.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { ApiToken, SeatableError, TAGS, ref } from '../shared-schemas.js';
import { ApiTokenPathParams } from './base-params.js';

const Body = Type.Object({ permission: Type.String({ maxLength: 10, description: '`r` or `rw`' }) }, { examples: [{ permission: 'r' }] });

export default function register(app: App, ctx: RouteContext): void {
  app.put(
    '/api/v2.1/workspace/:workspaceId/dtable/:dtableName/api-tokens/:appName/',
    {
      onRequest: ctx.requirePerson,
      schema: {
        summary: "Change an API token's permission",
        tags: [TAGS.seatable.name],
        params: ApiTokenPathParams,
        body: Body,
        response: { 200: ref(ApiToken, 'The token as changed; the change applies at once'), 404: ref(SeatableError, 'No such workspace, base or API token') },
      },
    },
    async (request) => {
      const { workspaceId, dtableName, appName } = request.params;
      return ctx.services.apiTokens.update(ctx.principal(request), workspaceId, dtableName, appName, request.body, ctx.origin(request));
    },
  );
}
