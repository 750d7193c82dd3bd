// GET /api/auth/sessions: where the caller is signed in (browser sessions and SeaTable account
// tokens that are live), newest first, the one of this request marked `current`; never a secret.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { TAGS } from '../shared-schemas.js';

const Session = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('session'), Type.Literal('account_token')]),
  createdTime: Type.String({ format: 'date-time' }),
  expiresTime: Type.String({ format: 'date-time' }),
  userAgent: Type.Union([Type.String(), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()]),
  current: Type.Boolean({ description: 'The sign-in this request was made with' }),
});

export default function register(app: App, ctx: RouteContext): void {
  app.get(
    '/api/auth/sessions',
    {
      onRequest: ctx.requirePerson,
      schema: { summary: "List where one is signed in (sessions and account tokens)", tags: [TAGS.teable.name], response: { 200: Type.Array(Session, { description: 'Newest first' }) } },
    },
    async (request) => {
      const principal = ctx.principal(request);
      return ctx.services.sessions.list(principal.userId, principal.credentialId);
    },
  );
}
