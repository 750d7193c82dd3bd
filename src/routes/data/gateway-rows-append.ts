// POST /api-gateway/api/v2/dtables/{uuid}/rows/ {table_name, rows}: {first_row, inserted_row_count}.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { Row, SeatableError, TAGS, ref } from '../shared-schemas.js';
import { RowObject, UuidParams, V2 } from './params.js';

const Body = Type.Object(
  { table_name: Type.String({ maxLength: 200 }), rows: Type.Array(RowObject, { minItems: 1, maxItems: 1000 }) },
  { examples: [{ table_name: 'Birds', rows: [{ Species: 'Robin', Count: 2 }] }] },
);

export default function register(app: App, ctx: RouteContext): void {
  app.post(
    `${V2}/rows/`,
    {
      onRequest: ctx.requireBaseToken,
      schema: {
        summary: 'Append rows (v2)',
        tags: [TAGS.dataServer.name],
        params: UuidParams,
        body: Body,
        response: { 200: Type.Object({ first_row: ref(Row), inserted_row_count: Type.Integer() }), 404: ref(SeatableError, 'No such table') },
      },
    },
    async (request) => {
      const rows = await ctx.services.dtable.appendRows(ctx.principal(request), ctx.baseOf(request), request.body.table_name, request.body.rows);
      return { first_row: rows[0]!, inserted_row_count: rows.length };
    },
  );
}
