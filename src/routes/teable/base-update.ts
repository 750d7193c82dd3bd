// PATCH /api/base/{baseId} {name?, icon?}: {spaceId, name, icon?} (needs base|update).
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { BaseParams } from './params.js';

const Body = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 100 })),
  icon: Type.Optional(Type.Union([Type.String({ maxLength: 32 }), Type.Null()])),
});

export default function register(app: App, ctx: RouteContext): void {
  app.patch('/api/base/:baseId', { onRequest: ctx.requireScope('base|update'), schema: { params: BaseParams, body: Body } }, async (request) =>
    ctx.services.bases.update(ctx.principal(request), request.params.baseId, request.body),
  );
}
