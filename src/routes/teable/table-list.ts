// GET /api/base/{baseId}/table: the base's tables (needs table|read).
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { TAGS, Table, TeableError, ref } from '../shared-schemas.js';
import { BaseParams } from './params.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get(
    '/api/base/:baseId/table',
    {
      onRequest: ctx.requireScope('table|read'),
      schema: { summary: "List a base's tables", tags: [TAGS.teable.name], params: BaseParams, response: { 200: Type.Array(ref(Table)), 404: ref(TeableError, 'No such base') } },
    },
    async (request) => ctx.services.tables.list(ctx.principal(request), request.params.baseId),
  );
}
