// DELETE /api/table/{tableId}/record/{recordId} (needs record|delete).
import type { App, RouteContext } from '../context.js';
import { RecordParams } from './params.js';

export default function register(app: App, ctx: RouteContext): void {
  app.delete('/api/table/:tableId/record/:recordId', { onRequest: ctx.requireScope('record|delete'), schema: { params: RecordParams } }, async (request, reply) => {
    await ctx.services.records.delete(ctx.principal(request), request.params.tableId, request.params.recordId);
    return reply.code(200).send();
  });
}
