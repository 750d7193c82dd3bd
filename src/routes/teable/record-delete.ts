// DELETE /api/table/{tableId}/record/{recordId} (needs record|delete).
import type { App, RouteContext } from '../context.js';
import { NoBody, TAGS, TeableError, ref } from '../shared-schemas.js';
import { RecordParams } from './params.js';

export default function register(app: App, ctx: RouteContext): void {
  app.delete(
    '/api/table/:tableId/record/:recordId',
    {
      onRequest: ctx.requireScope('record|delete'),
      schema: { summary: 'Delete a record', tags: [TAGS.teable.name], params: RecordParams, response: { 200: NoBody('Deleted'), 404: ref(TeableError, 'No such table or record') } },
    },
    async (request, reply) => {
      await ctx.services.records.delete(ctx.principal(request), request.params.tableId, request.params.recordId);
      return reply.code(200).send();
    },
  );
}
