// GET {v1,v2}/rows/{row_id}/?table_name=...: the row.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { Row, SeatableError, TAGS, ref } from '../shared-schemas.js';
import { RowParams, V1, V2, version } from './params.js';

const Query = Type.Object({ table_name: Type.Optional(Type.String({ maxLength: 200, description: 'Required: the table' })) });

export default function register(app: App, ctx: RouteContext): void {
  for (const prefix of [V1, V2]) {
    app.get(
      `${prefix}/rows/:rowId/`,
      {
        onRequest: ctx.requireBaseToken,
        schema: { summary: `Get a row (${version(prefix)})`, tags: [TAGS.dataServer.name], params: RowParams, querystring: Query, response: { 200: ref(Row), 404: ref(SeatableError, 'No such table or row') } },
      },
      async (request) => ctx.services.dtable.getRow(ctx.principal(request), ctx.baseOf(request), request.query.table_name, request.params.rowId),
    );
  }
}
