// GET {v1,v2}/rows/?table_name=...: {rows: [{_id, <column name>: value, ...}]}.
import type { App, RouteContext } from '../context.js';
import { RowsQuery, UuidParams, V1, V2 } from './params.js';

export default function register(app: App, ctx: RouteContext): void {
  for (const prefix of [V1, V2]) {
    app.get(`${prefix}/rows/`, { onRequest: ctx.requireBaseToken, schema: { params: UuidParams, querystring: RowsQuery } }, async (request) => ({
      rows: await ctx.services.dtable.listRows(ctx.principal(request), ctx.baseOf(request), request.query),
    }));
  }
}
