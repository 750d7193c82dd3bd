// DELETE /api/v2.1/dtables/share-links/{token or id}/: {success: true}; the link's base tokens die at once.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';

const Params = Type.Object({ token: Type.String({ minLength: 1, maxLength: 100 }) });

export default function register(app: App, ctx: RouteContext): void {
  app.delete('/api/v2.1/dtables/share-links/:token/', { onRequest: ctx.requirePerson, schema: { params: Params } }, async (request) => {
    await ctx.services.shareLinks.delete(ctx.principal(request), request.params.token, ctx.origin(request));
    return { success: true };
  });
}
