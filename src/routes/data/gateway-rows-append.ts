// POST /api-gateway/api/v2/dtables/{uuid}/rows/ {table_name, rows}: {first_row, inserted_row_count}.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { RowObject, UuidParams, V2 } from './params.js';

const Body = Type.Object({ table_name: Type.String({ maxLength: 200 }), rows: Type.Array(RowObject, { minItems: 1, maxItems: 1000 }) });

export default function register(app: App, ctx: RouteContext): void {
  app.post(`${V2}/rows/`, { onRequest: ctx.requireBaseToken, schema: { params: UuidParams, body: Body } }, async (request) => {
    const rows = await ctx.services.dtable.appendRows(ctx.principal(request), ctx.baseOf(request), request.body.table_name, request.body.rows);
    return { first_row: rows[0], inserted_row_count: rows.length };
  });
}
