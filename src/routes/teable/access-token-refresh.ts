// POST /api/access-token/{id}/refresh {expiredTime?}: a new secret, shown once; the old one dies.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { TAGS, TeableError, ref } from '../shared-schemas.js';
import { ExpiredTime } from './access-token-schemas.js';
import { IdParams } from './params.js';

const Body = Type.Object({ expiredTime: Type.Optional(ExpiredTime) }, { examples: [{ expiredTime: '2026-12-31' }] });

const Refreshed = Type.Object(
  { id: Type.String(), expiredTime: Type.String({ format: 'date-time' }), token: Type.String({ description: 'The new secret, shown once' }) },
  { description: 'The new secret; the old one is refused from now on' },
);

export default function register(app: App, ctx: RouteContext): void {
  app.post(
    '/api/access-token/:id/refresh',
    {
      onRequest: ctx.requirePerson,
      schema: {
        summary: 'Refresh a personal access token (a new secret)',
        description: 'Without `expiredTime` the token keeps its expiry (cut to the lifetime policy); an expired token needs one.',
        tags: [TAGS.teable.name],
        params: IdParams,
        body: Body,
        response: { 200: Refreshed, 404: ref(TeableError, 'No such token of yours'), 409: ref(TeableError, 'Refreshed or deleted meanwhile') },
      },
    },
    async (request) => ctx.services.accessTokens.refresh(ctx.principal(request), request.params.id, request.body, ctx.origin(request)),
  );
}
