// PUT /dtable-server/api/v1/dtables/{uuid}/rows/ {table_name, row_id, row}: {success: true}.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { SeatableError, SuccessBody, TAGS, ref } from '../shared-schemas.js';
import { RowObject, UuidParams, V1 } from './params.js';

const Body = Type.Object(
  { table_name: Type.String({ maxLength: 200 }), row_id: Type.String({ maxLength: 64 }), row: RowObject },
  { examples: [{ table_name: 'Birds', row_id: 'recXXXXXXXXXXXXXXXX', row: { Count: 4 } }] },
);

export default function register(app: App, ctx: RouteContext): void {
  app.put(
    `${V1}/rows/`,
    {
      onRequest: ctx.requireBaseToken,
      schema: { summary: "Change a row's cells (v1)", tags: [TAGS.dataServer.name], params: UuidParams, body: Body, response: { 200: ref(SuccessBody), 404: ref(SeatableError, 'No such table or row') } },
    },
    async (request) => {
      await ctx.services.dtable.updateRow(ctx.principal(request), ctx.baseOf(request), request.body.table_name, request.body.row_id, request.body.row);
      return { success: true as const };
    },
  );
}
