// GET /api/base/{baseId}/table/{tableId}: the table with its fields (needs table|read).
import type { App, RouteContext } from '../context.js';
import { TableParams } from './params.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get('/api/base/:baseId/table/:tableId', { onRequest: ctx.requireScope('table|read'), schema: { params: TableParams } }, async (request) =>
    ctx.services.tables.get(ctx.principal(request), request.params.baseId, request.params.tableId),
  );
}
