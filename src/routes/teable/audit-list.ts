// GET /api/audit?action=&credentialId=&userId=&from=&to=&skip=&take= (a signed-in person): the
// caller's own events (done by them, or concerning their credentials), newest first; an instance
// admin sees everyone's and may filter by user. Events are kept TESSERA_AUDIT_DAYS days.
import { Type } from '@sinclair/typebox';
import { AUDIT_ACTIONS } from '../../audit/audit-log.js';
import { parseInstant } from '../../tokens/expiry.js';
import type { App, RouteContext } from '../context.js';
import { TAGS } from '../shared-schemas.js';

/** A date, or a date and time (with an offset, or UTC when none): 2026-11-24 or 2026-11-24T10:00:00Z. */
const ISO_DATE = '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})?)?$';

const Query = Type.Object({
  action: Type.Optional(Type.Union(AUDIT_ACTIONS.map((a) => Type.Literal(a)))),
  credentialId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  userId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'The instance admin only' })),
  from: Type.Optional(Type.String({ pattern: ISO_DATE })),
  to: Type.Optional(Type.String({ pattern: ISO_DATE })),
  skip: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000 })),
  take: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'Default 100' })),
});

const nullableText = Type.Union([Type.String(), Type.Null()]);

const Page = Type.Object({
  events: Type.Array(
    Type.Object({
      id: Type.String(),
      time: Type.String({ format: 'date-time' }),
      lastTime: Type.String({ format: 'date-time', description: 'The latest of the coalesced occurrences' }),
      count: Type.Integer(),
      action: Type.String(),
      actorId: nullableText,
      actorCredentialId: nullableText,
      userId: nullableText,
      credentialId: nullableText,
      credentialKind: nullableText,
      address: nullableText,
      userAgent: nullableText,
      detail: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()], { description: 'Facts, never secrets' }),
    }),
    { description: 'Newest first' },
  ),
  total: Type.Integer(),
});

const iso = (field: string, value: string | undefined): string | undefined => (value === undefined ? undefined : parseInstant(value, field, 'start').toISOString());

export default function register(app: App, ctx: RouteContext): void {
  app.get(
    '/api/audit',
    {
      onRequest: ctx.requirePerson,
      schema: {
        summary: 'Read the audit log',
        description: "One's own events (done by one, or concerning one's credentials); the instance admin sees everyone's.",
        tags: [TAGS.admin.name],
        querystring: Query,
        response: { 200: Page },
      },
    },
    async (request) => {
      const { action, credentialId, userId, from, to, skip = 0, take = 100 } = request.query;
      return ctx.services.audit.page(ctx.principal(request), { action, credentialId, userId, from: iso('from', from), to: iso('to', to) }, skip, take);
    },
  );
}
