// GET /api/base/{baseId}/table/{tableId}: the table with its fields (needs table|read).
import type { App, RouteContext } from '../context.js';
import { TAGS, TableWithFields, TeableError, ref } from '../shared-schemas.js';
import { TableParams } from './params.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get(
    '/api/base/:baseId/table/:tableId',
    {
      onRequest: ctx.requireScope('table|read'),
      schema: { summary: 'Get a table with its fields', tags: [TAGS.teable.name], params: TableParams, response: { 200: ref(TableWithFields), 404: ref(TeableError, 'No such table in that base') } },
    },
    async (request) => ctx.services.tables.get(ctx.principal(request), request.params.baseId, request.params.tableId),
  );
}
