// DELETE /dtable-server/api/v1/dtables/{uuid}/rows/ with a JSON body {table_name, row_id}: {success: true}.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { SeatableError, SuccessBody, TAGS, ref } from '../shared-schemas.js';
import { UuidParams, V1 } from './params.js';

const Body = Type.Object({ table_name: Type.String({ maxLength: 200 }), row_id: Type.String({ maxLength: 64 }) }, { examples: [{ table_name: 'Birds', row_id: 'recXXXXXXXXXXXXXXXX' }] });

export default function register(app: App, ctx: RouteContext): void {
  app.delete(
    `${V1}/rows/`,
    {
      onRequest: ctx.requireBaseToken,
      schema: { summary: 'Delete a row (v1)', tags: [TAGS.dataServer.name], params: UuidParams, body: Body, response: { 200: ref(SuccessBody), 404: ref(SeatableError, 'No such table or row') } },
    },
    async (request) => {
      await ctx.services.dtable.deleteRows(ctx.principal(request), ctx.baseOf(request), request.body.table_name, [request.body.row_id]);
      return { success: true as const };
    },
  );
}
