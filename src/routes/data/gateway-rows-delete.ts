// DELETE /api-gateway/api/v2/dtables/{uuid}/rows/ {table_name, row_ids}: {deleted_rows}; all the rows or
// none (an unknown row refuses the whole request).
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { SeatableError, TAGS, ref } from '../shared-schemas.js';
import { UuidParams, V2 } from './params.js';

const Body = Type.Object(
  { table_name: Type.String({ maxLength: 200 }), row_ids: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 1000 }) },
  { examples: [{ table_name: 'Birds', row_ids: ['recXXXXXXXXXXXXXXXX'] }] },
);

export default function register(app: App, ctx: RouteContext): void {
  app.delete(
    `${V2}/rows/`,
    {
      onRequest: ctx.requireBaseToken,
      schema: {
        summary: 'Delete rows (v2)',
        tags: [TAGS.dataServer.name],
        params: UuidParams,
        body: Body,
        response: { 200: Type.Object({ deleted_rows: Type.Integer() }), 404: ref(SeatableError, 'No such table or row') },
      },
    },
    async (request) => ({
      deleted_rows: await ctx.services.dtable.deleteRows(ctx.principal(request), ctx.baseOf(request), request.body.table_name, request.body.row_ids),
    }),
  );
}
