// POST /api/table/{tableId}/record {records: [{fields}], fieldKeyType?}: {records: [{id, fields}]}.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { FieldKeyType, RecordTableParams } from './params.js';

const Body = Type.Object({
  records: Type.Array(Type.Object({ fields: Type.Record(Type.String(), Type.Unknown()) }), { minItems: 1 }),
  fieldKeyType: FieldKeyType,
  typecast: Type.Optional(Type.Boolean()),
});

export default function register(app: App, ctx: RouteContext): void {
  app.post('/api/table/:tableId/record', { onRequest: ctx.requireScope('record|create'), schema: { params: RecordTableParams, body: Body } }, async (request, reply) => {
    const principal = ctx.principal(request);
    const records = await ctx.services.records.create(principal, request.params.tableId, request.body);
    return reply.code(201).send({ records });
  });
}
