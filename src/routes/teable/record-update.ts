// PATCH /api/table/{tableId}/record/{recordId} {record: {fields}, fieldKeyType?} (needs record|update).
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { FieldKeyType, RecordParams } from './params.js';

const Body = Type.Object({
  record: Type.Object({ fields: Type.Record(Type.String(), Type.Unknown()) }),
  fieldKeyType: FieldKeyType,
  typecast: Type.Optional(Type.Boolean()),
});

export default function register(app: App, ctx: RouteContext): void {
  app.patch('/api/table/:tableId/record/:recordId', { onRequest: ctx.requireScope('record|update'), schema: { params: RecordParams, body: Body } }, async (request) => {
    const principal = ctx.principal(request);
    const { tableId, recordId } = request.params;
    return ctx.services.records.update(principal, tableId, recordId, { fields: request.body.record.fields, fieldKeyType: request.body.fieldKeyType });
  });
}
