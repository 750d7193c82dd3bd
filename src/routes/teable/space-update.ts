// PATCH /api/space/{spaceId} {name?}: renames the space (needs space|update).
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { TAGS, TeableError, ref } from '../shared-schemas.js';
import { SpaceParams } from './params.js';

const Body = Type.Object({ name: Type.Optional(Type.String({ maxLength: 100 })) }, { examples: [{ name: 'Fieldwork' }] });

export default function register(app: App, ctx: RouteContext): void {
  app.patch(
    '/api/space/:spaceId',
    {
      onRequest: ctx.requireScope('space|update'),
      schema: {
        summary: 'Rename a space',
        tags: [TAGS.teable.name],
        params: SpaceParams,
        body: Body,
        response: { 200: Type.Object({ id: Type.String(), name: Type.String() }), 404: ref(TeableError, 'No such space') },
      },
    },
    async (request) => ctx.services.spaces.update(ctx.principal(request), request.params.spaceId, request.body),
  );
}
