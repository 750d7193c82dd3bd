// PUT /api/access-token/{id} {name, description?, scopes, spaceIds?, baseIds?, hasFullAccess?}.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { TAGS, TeableError, ref } from '../shared-schemas.js';
import { AccessTokenFields } from './access-token-schemas.js';
import { IdParams } from './params.js';

const Body = Type.Object(AccessTokenFields, { examples: [{ name: 'reader', scopes: ['record|read'], spaceIds: null, hasFullAccess: true }] });

const Updated = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    description: Type.Optional(Type.String()),
    scopes: Type.Array(Type.String()),
    spaceIds: Type.Optional(Type.Array(Type.String())),
    baseIds: Type.Optional(Type.Array(Type.String())),
    hasFullAccess: Type.Boolean(),
  },
  { description: 'The token as changed (its times are unchanged)' },
);

export default function register(app: App, ctx: RouteContext): void {
  app.put(
    '/api/access-token/:id',
    {
      onRequest: ctx.requirePerson,
      schema: {
        summary: "Change a personal access token's name, scopes or reach",
        description: 'Absent fields stay as they are; `null` lifts a space or base restriction. The change applies at once.',
        tags: [TAGS.teable.name],
        params: IdParams,
        body: Body,
        response: { 200: Updated, 404: ref(TeableError, 'No such token of yours') },
      },
    },
    async (request) => ctx.services.accessTokens.update(ctx.principal(request), request.params.id, request.body, ctx.origin(request)),
  );
}
