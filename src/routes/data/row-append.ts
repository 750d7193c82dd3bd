// POST /dtable-server/api/v1/dtables/{uuid}/rows/ {table_name, row}: the new row with its `_id`.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { Row, SeatableError, TAGS, ref } from '../shared-schemas.js';
import { RowObject, UuidParams, V1 } from './params.js';

const Body = Type.Object({ table_name: Type.String({ maxLength: 200 }), row: RowObject }, { examples: [{ table_name: 'Birds', row: { Species: 'Robin', Count: 2 } }] });

export default function register(app: App, ctx: RouteContext): void {
  app.post(
    `${V1}/rows/`,
    {
      onRequest: ctx.requireBaseToken,
      schema: { summary: 'Append a row (v1)', tags: [TAGS.dataServer.name], params: UuidParams, body: Body, response: { 200: ref(Row, 'The new row'), 404: ref(SeatableError, 'No such table') } },
    },
    async (request) => {
      const [row] = await ctx.services.dtable.appendRows(ctx.principal(request), ctx.baseOf(request), request.body.table_name, [request.body.row]);
      return row!;
    },
  );
}
