// DELETE /api/v2.1/dtables/share-links/{token or id}/: {success: true}; the link's base tokens die at once.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { SeatableError, SuccessBody, TAGS, ref } from '../shared-schemas.js';

const Params = Type.Object({ token: Type.String({ minLength: 1, maxLength: 100, description: "The link's token or its id" }) });

export default function register(app: App, ctx: RouteContext): void {
  app.delete(
    '/api/v2.1/dtables/share-links/:token/',
    {
      onRequest: ctx.requirePerson,
      schema: {
        summary: 'Delete a share link',
        description: 'The base access tokens obtained with it are refused at once.',
        tags: [TAGS.seatable.name],
        params: Params,
        response: { 200: ref(SuccessBody), 404: ref(SeatableError, 'No such share link') },
      },
    },
    async (request) => {
      await ctx.services.shareLinks.delete(ctx.principal(request), request.params.token, ctx.origin(request));
      return { success: true as const };
    },
  );
}
