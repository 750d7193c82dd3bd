// PUT /api-gateway/api/v2/dtables/{uuid}/rows/ {table_name, updates: [{row_id, row}]}: {success: true};
// all the updates or none (an unknown row or an invalid cell refuses the whole request).
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { SeatableError, SuccessBody, TAGS, ref } from '../shared-schemas.js';
import { RowObject, UuidParams, V2 } from './params.js';

const Body = Type.Object(
  {
    table_name: Type.String({ maxLength: 200 }),
    updates: Type.Array(Type.Object({ row_id: Type.String({ maxLength: 64 }), row: RowObject }), { minItems: 1, maxItems: 1000 }),
  },
  { examples: [{ table_name: 'Birds', updates: [{ row_id: 'recXXXXXXXXXXXXXXXX', row: { Count: 4 } }] }] },
);

export default function register(app: App, ctx: RouteContext): void {
  app.put(
    `${V2}/rows/`,
    {
      onRequest: ctx.requireBaseToken,
      schema: { summary: 'Change rows (v2)', tags: [TAGS.dataServer.name], params: UuidParams, body: Body, response: { 200: ref(SuccessBody), 404: ref(SeatableError, 'No such table or row') } },
    },
    async (request) => {
      await ctx.services.dtable.updateRows(ctx.principal(request), ctx.baseOf(request), request.body.table_name, request.body.updates);
      return { success: true as const };
    },
  );
}
