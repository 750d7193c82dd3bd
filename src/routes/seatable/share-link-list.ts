// GET /api/v2.1/dtables/share-links/?workspace_id=&table_name=: {share_link_list}, without tokens
// (Tessera keeps only their digests); each has an `id` that DELETE also takes.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { SeatableError, ShareLink, TAGS, ref } from '../shared-schemas.js';

const Query = Type.Object({ workspace_id: Type.String({ maxLength: 20 }), table_name: Type.String({ minLength: 1, maxLength: 200, description: "The base's name" }) });

export default function register(app: App, ctx: RouteContext): void {
  app.get(
    '/api/v2.1/dtables/share-links/',
    {
      onRequest: ctx.requirePerson,
      schema: {
        summary: "List a base's share links (no tokens)",
        tags: [TAGS.seatable.name],
        querystring: Query,
        response: { 200: Type.Object({ share_link_list: Type.Array(ref(ShareLink)) }), 404: ref(SeatableError, 'No such workspace or base') },
      },
    },
    async (request) => ({
      share_link_list: await ctx.services.shareLinks.list(ctx.principal(request), request.query.workspace_id, request.query.table_name),
    }),
  );
}
