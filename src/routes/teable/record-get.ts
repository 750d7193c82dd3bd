// GET /api/table/{tableId}/record/{recordId}: {id, fields, ...} (needs record|read).
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { DataRecord, TAGS, TeableError, ref } from '../shared-schemas.js';
import { FieldKeyType, RecordParams } from './params.js';

const Query = Type.Object({ fieldKeyType: FieldKeyType });

export default function register(app: App, ctx: RouteContext): void {
  app.get(
    '/api/table/:tableId/record/:recordId',
    {
      onRequest: ctx.requireScope('record|read'),
      schema: { summary: 'Get a record', tags: [TAGS.teable.name], params: RecordParams, querystring: Query, response: { 200: ref(DataRecord), 404: ref(TeableError, 'No such table or record') } },
    },
    async (request) => ctx.services.records.get(ctx.principal(request), request.params.tableId, request.params.recordId, request.query.fieldKeyType),
  );
}
