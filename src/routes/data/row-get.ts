// GET {v1,v2}/rows/{row_id}/?table_name=...: the row.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { RowParams, V1, V2 } from './params.js';

const Query = Type.Object({ table_name: Type.Optional(Type.String({ maxLength: 200 })) });

export default function register(app: App, ctx: RouteContext): void {
  for (const prefix of [V1, V2]) {
    app.get(`${prefix}/rows/:rowId/`, { onRequest: ctx.requireBaseToken, schema: { params: RowParams, querystring: Query } }, async (request) =>
      ctx.services.dtable.getRow(ctx.principal(request), ctx.baseOf(request), request.query.table_name, request.params.rowId),
    );
  }
}
