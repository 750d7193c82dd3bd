// DELETE /api/base/{baseId}/table/{tableId}: deletes the table and its records (needs table|delete).
import type { App, RouteContext } from '../context.js';
import { TableParams } from './params.js';

export default function register(app: App, ctx: RouteContext): void {
  app.delete('/api/base/:baseId/table/:tableId', { onRequest: ctx.requireScope('table|delete'), schema: { params: TableParams } }, async (request, reply) => {
    await ctx.services.tables.delete(ctx.principal(request), request.params.baseId, request.params.tableId);
    return reply.code(200).send();
  });
}
