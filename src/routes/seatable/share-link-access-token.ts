// GET /api/v2.1/dtable/share-link-access-token/?token=... (no authentication; an Authorization
// header is ignored): a read-only base access token. The link's password (query `password` or
// header X-Share-Link-Password) and expiry are enforced. A refusal (unknown link, wrong password)
// counts as a failed authentication of the client's address, so that neither a link nor its
// password can be guessed faster than TESSERA_RATE_FAILED_AUTH allows.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { SeatableError, TAGS, ref } from '../shared-schemas.js';

const Query = Type.Object({
  token: Type.Optional(Type.String({ maxLength: 100, description: "The share link's token" })),
  password: Type.Optional(Type.String({ maxLength: 1024, description: "The link's password, if it has one (or the X-Share-Link-Password header)" })),
});

const Answer = Type.Object({ access_token: Type.String({ description: 'A read-only base access token, without user identity' }), dtable_uuid: Type.String(), dtable_server: Type.String(), dtable_socket: Type.String() });

export default function register(app: App, ctx: RouteContext): void {
  app.get(
    '/api/v2.1/dtable/share-link-access-token/',
    {
      schema: {
        summary: "Get a base's read-only access token by share link (seed 004)",
        description: 'The link token is the credential: an Authorization header is ignored.',
        tags: [TAGS.seatable.name],
        security: [],
        querystring: Query,
        response: {
          200: Answer,
          400: ref(SeatableError, 'No token given'),
          403: ref(SeatableError, 'An unknown, expired or deleted link, or a wrong password'),
          429: ref(SeatableError, 'Too many refusals from this address (TESSERA_RATE_FAILED_AUTH); Retry-After says when to try again'),
        },
      },
    },
    async (request) => {
      const header = request.headers['x-share-link-password'];
      const password = request.query.password ?? (typeof header === 'string' ? header : undefined);
      return ctx.services.throttle.guard(
        'failed_auth',
        request.ip,
        () => ctx.services.shareLinks.accessToken(request.query.token, password, ctx.origin(request)),
        (error) => error.status === 403,
      );
    },
  );
}
