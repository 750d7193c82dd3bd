// DELETE /api/base/{baseId}/table/{tableId}: deletes the table and its records (needs table|delete).
import type { App, RouteContext } from '../context.js';
import { NoBody, TAGS, TeableError, ref } from '../shared-schemas.js';
import { TableParams } from './params.js';

export default function register(app: App, ctx: RouteContext): void {
  app.delete(
    '/api/base/:baseId/table/:tableId',
    {
      onRequest: ctx.requireScope('table|delete'),
      schema: { summary: 'Delete a table and its records', tags: [TAGS.teable.name], params: TableParams, response: { 200: NoBody('Deleted'), 404: ref(TeableError, 'No such table in that base') } },
    },
    async (request, reply) => {
      await ctx.services.tables.delete(ctx.principal(request), request.params.baseId, request.params.tableId);
      return reply.code(200).send();
    },
  );
}
