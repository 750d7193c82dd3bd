// GET {v1,v2}/metadata/: {metadata: {tables: [{_id, name, columns: [{key, name, type}]}]}}.
import type { App, RouteContext } from '../context.js';
import { UuidParams, V1, V2 } from './params.js';

export default function register(app: App, ctx: RouteContext): void {
  for (const prefix of [V1, V2]) {
    app.get(`${prefix}/metadata/`, { onRequest: ctx.requireBaseToken, schema: { params: UuidParams } }, async (request) =>
      ctx.services.dtable.metadata(ctx.principal(request), ctx.baseOf(request)),
    );
  }
}
