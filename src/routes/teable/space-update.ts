// PATCH /api/space/{spaceId} {name?}: renames the space (needs space|update).
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { SpaceParams } from './params.js';

const Body = Type.Object({ name: Type.Optional(Type.String({ maxLength: 100 })) });

export default function register(app: App, ctx: RouteContext): void {
  app.patch('/api/space/:spaceId', { onRequest: ctx.requireScope('space|update'), schema: { params: SpaceParams, body: Body } }, async (request) =>
    ctx.services.spaces.update(ctx.principal(request), request.params.spaceId, request.body),
  );
}
