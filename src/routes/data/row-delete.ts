// DELETE /dtable-server/api/v1/dtables/{uuid}/rows/ with a JSON body {table_name, row_id}: {success: true}.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { UuidParams, V1 } from './params.js';

const Body = Type.Object({ table_name: Type.String({ maxLength: 200 }), row_id: Type.String({ maxLength: 64 }) });

export default function register(app: App, ctx: RouteContext): void {
  app.delete(`${V1}/rows/`, { onRequest: ctx.requireBaseToken, schema: { params: UuidParams, body: Body } }, async (request) => {
    await ctx.services.dtable.deleteRows(ctx.principal(request), ctx.baseOf(request), request.body.table_name, [request.body.row_id]);
    return { success: true };
  });
}
