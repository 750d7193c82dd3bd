// PATCH /api/table/{tableId}/record/{recordId} {record: {fields}, fieldKeyType?} (needs record|update).
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { DataRecord, TAGS, TeableError, ref } from '../shared-schemas.js';
import { FieldKeyType, RecordParams } from './params.js';

const Body = Type.Object(
  {
    record: Type.Object({ fields: Type.Record(Type.String(), Type.Unknown(), { description: 'The cells to change; null empties one' }) }),
    fieldKeyType: FieldKeyType,
    typecast: Type.Optional(Type.Boolean({ description: 'Accepted and ignored' })),
  },
  { examples: [{ record: { fields: { Count: 4 } } }] },
);

export default function register(app: App, ctx: RouteContext): void {
  app.patch(
    '/api/table/:tableId/record/:recordId',
    {
      onRequest: ctx.requireScope('record|update'),
      schema: { summary: "Change a record's cells", tags: [TAGS.teable.name], params: RecordParams, body: Body, response: { 200: ref(DataRecord), 404: ref(TeableError, 'No such table or record') } },
    },
    async (request) => {
      const principal = ctx.principal(request);
      const { tableId, recordId } = request.params;
      return ctx.services.records.update(principal, tableId, recordId, { fields: request.body.record.fields, fieldKeyType: request.body.fieldKeyType });
    },
  );
}
