// GET /api/v2.1/dtable/app-access-token/ with `Authorization: Token <api token>`: a base access
// token for the API token's base, with its permission, and `app_name`.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { BaseAccessToken, TAGS } from '../shared-schemas.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get(
    '/api/v2.1/dtable/app-access-token/',
    {
      onRequest: ctx.authenticate,
      schema: {
        summary: "A base access token for an API token's base",
        description: 'Takes a base API token (`Authorization: Token <api token>`); any other credential is refused (403).',
        tags: [TAGS.seatable.name],
        response: { 200: Type.Object({ ...BaseAccessToken.properties, app_name: Type.String() }) },
      },
    },
    async (request) => ctx.services.apiTokens.appAccessToken(ctx.principal(request), ctx.origin(request)),
  );
}
