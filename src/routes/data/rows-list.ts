// GET {v1,v2}/rows/?table_name=...: {rows: [{_id, <column name>: value, ...}]}.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { Row, SeatableError, TAGS, ref } from '../shared-schemas.js';
import { RowsQuery, UuidParams, V1, V2, version } from './params.js';

export default function register(app: App, ctx: RouteContext): void {
  for (const prefix of [V1, V2]) {
    app.get(
      `${prefix}/rows/`,
      {
        onRequest: ctx.requireBaseToken,
        schema: {
          summary: `List a table's rows (${version(prefix)})`,
          tags: [TAGS.dataServer.name],
          params: UuidParams,
          querystring: RowsQuery,
          response: { 200: Type.Object({ rows: Type.Array(ref(Row)) }), 404: ref(SeatableError, 'No such table') },
        },
      },
      async (request) => ({
        rows: await ctx.services.dtable.listRows(ctx.principal(request), ctx.baseOf(request), request.query),
      }),
    );
  }
}
