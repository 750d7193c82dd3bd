// PUT /api/admin/token-policies/{kind} {maxLifetimeDays: n | null} (an instance admin, signed in):
// caps the lifetime of new tokens of that kind; null removes the cap.
import { Type } from '@sinclair/typebox';
import { POLICY_KINDS } from '../../tokens/token-policy-service.js';
import type { App, RouteContext } from '../context.js';
import { TAGS, TokenPolicy, ref } from '../shared-schemas.js';

const Params = Type.Object({ kind: Type.Union(POLICY_KINDS.map((k) => Type.Literal(k))) });
const Body = Type.Object(
  { maxLifetimeDays: Type.Union([Type.Integer({ minimum: 1, maximum: 36500 }), Type.Null()], { description: 'null lifts the cap' }) },
  { additionalProperties: false, examples: [{ maxLifetimeDays: 90 }] },
);

export default function register(app: App, ctx: RouteContext): void {
  app.put(
    '/api/admin/token-policies/:kind',
    {
      onRequest: ctx.requirePerson,
      schema: {
        summary: 'Cap the lifetime of new tokens of a kind',
        description: 'The instance admin only. Applies when a token is made or refreshed; tokens that exist keep their expiry.',
        tags: [TAGS.admin.name],
        params: Params,
        body: Body,
        response: { 200: ref(TokenPolicy) },
      },
    },
    async (request) => ctx.services.tokenPolicies.set(ctx.principal(request), request.params.kind, request.body.maxLifetimeDays, ctx.origin(request)),
  );
}
