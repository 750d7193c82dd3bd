// GET /api/v2.1/dtable/app-access-token/ with `Authorization: Token <api token>`: a base access
// token for the API token's base, with its permission, and `app_name`.
import type { App, RouteContext } from '../context.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get('/api/v2.1/dtable/app-access-token/', { onRequest: ctx.authenticate }, async (request) =>
    ctx.services.apiTokens.appAccessToken(ctx.principal(request), ctx.origin(request)),
  );
}
