// POST /api/table/{tableId}/record {records: [{fields}], fieldKeyType?}: {records: [{id, fields}]}.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { DataRecord, TAGS, TeableError, ref } from '../shared-schemas.js';
import { FieldKeyType, RecordTableParams } from './params.js';

const Body = Type.Object(
  {
    records: Type.Array(Type.Object({ fields: Type.Record(Type.String(), Type.Unknown(), { description: 'Cells by field name (or id)' }) }), { minItems: 1 }),
    fieldKeyType: FieldKeyType,
    typecast: Type.Optional(Type.Boolean({ description: 'Accepted and ignored' })),
  },
  { examples: [{ records: [{ fields: { Species: 'Wren', Count: 3 } }] }] },
);

export default function register(app: App, ctx: RouteContext): void {
  app.post(
    '/api/table/:tableId/record',
    {
      onRequest: ctx.requireScope('record|create'),
      schema: {
        summary: 'Create records',
        description: 'A field the table does not declare, or a value of the wrong type, is a 400 naming it.',
        tags: [TAGS.teable.name],
        params: RecordTableParams,
        body: Body,
        response: { 201: Type.Object({ records: Type.Array(ref(DataRecord)) }), 404: ref(TeableError, 'No such table') },
      },
    },
    async (request, reply) => {
      const principal = ctx.principal(request);
      const records = await ctx.services.records.create(principal, request.params.tableId, request.body);
      return reply.code(201).send({ records });
    },
  );
}
