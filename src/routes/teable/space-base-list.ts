// GET /api/space/{spaceId}/base: the space's bases that the credential may read.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { Base, TAGS, TeableError, ref } from '../shared-schemas.js';
import { SpaceParams } from './params.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get(
    '/api/space/:spaceId/base',
    {
      onRequest: ctx.requireScope('base|read'),
      schema: { summary: "List a space's bases", tags: [TAGS.teable.name], params: SpaceParams, response: { 200: Type.Array(ref(Base)), 404: ref(TeableError, 'No such space') } },
    },
    async (request) => ctx.services.bases.listInSpace(ctx.principal(request), request.params.spaceId),
  );
}
