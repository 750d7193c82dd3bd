// PATCH /api/base/{baseId} {name?, icon?}: {spaceId, name, icon?} (needs base|update).
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { TAGS, TeableError, ref } from '../shared-schemas.js';
import { BaseParams } from './params.js';

const Body = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 100 })),
    icon: Type.Optional(Type.Union([Type.String({ maxLength: 32 }), Type.Null()], { description: 'null removes it' })),
  },
  { examples: [{ name: 'Field notes 2026' }] },
);

export default function register(app: App, ctx: RouteContext): void {
  app.patch(
    '/api/base/:baseId',
    {
      onRequest: ctx.requireScope('base|update'),
      schema: {
        summary: 'Rename a base or change its icon',
        tags: [TAGS.teable.name],
        params: BaseParams,
        body: Body,
        response: {
          200: Type.Object({ spaceId: Type.String(), name: Type.String(), icon: Type.Optional(Type.String({ description: 'Absent when none' })) }),
          404: ref(TeableError, 'No such base'),
          409: ref(TeableError, 'A base of that name exists in the space'),
        },
      },
    },
    async (request) => ctx.services.bases.update(ctx.principal(request), request.params.baseId, request.body),
  );
}
