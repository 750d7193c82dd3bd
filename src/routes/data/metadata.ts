// GET {v1,v2}/metadata/: {metadata: {tables: [{_id, name, columns: [{key, name, type}]}]}}.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { TAGS } from '../shared-schemas.js';
import { UuidParams, V1, V2, version } from './params.js';

const Metadata = Type.Object({
  metadata: Type.Object({
    tables: Type.Array(
      Type.Object({
        _id: Type.String(),
        name: Type.String(),
        columns: Type.Array(Type.Object({ key: Type.String(), name: Type.String(), type: Type.String({ description: 'text, long-text, number, checkbox or date' }) })),
      }),
    ),
  }),
});

export default function register(app: App, ctx: RouteContext): void {
  for (const prefix of [V1, V2]) {
    app.get(
      `${prefix}/metadata/`,
      {
        onRequest: ctx.requireBaseToken,
        schema: { summary: `The base's tables and columns (${version(prefix)})`, tags: [TAGS.dataServer.name], params: UuidParams, response: { 200: Metadata } },
      },
      async (request) => ctx.services.dtable.metadata(ctx.principal(request), ctx.baseOf(request)),
    );
  }
}
