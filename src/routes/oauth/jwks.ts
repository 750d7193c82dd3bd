// GET /.well-known/jwks.json: the public keys that verify base access tokens (live and recently
// retired), so a data server can check them without calling back.
import { Type } from '@sinclair/typebox';
import type { JSONWebKeySet } from 'jose';
import type { App, RouteContext } from '../context.js';
import { TAGS } from '../shared-schemas.js';

/** Documents the keys Tessera publishes (Ed25519); typed as jose's looser JWKS. */
const Jwks = Type.Unsafe<JSONWebKeySet>(
  Type.Object({
    keys: Type.Array(Type.Object({ kty: Type.Literal('OKP'), crv: Type.Literal('Ed25519'), x: Type.String(), kid: Type.String(), alg: Type.Literal('EdDSA') }, { additionalProperties: true })),
  }),
);

export default function register(app: App, ctx: RouteContext): void {
  app.get(
    '/.well-known/jwks.json',
    {
      schema: {
        summary: 'The public keys that verify base access tokens (JWKS)',
        description: 'Live keys and those retired less than two token lifetimes ago.',
        tags: [TAGS.oauth.name],
        security: [],
        response: { 200: Jwks },
      },
    },
    async (_request, reply) => {
      void reply.header('cache-control', 'public, max-age=300');
      return ctx.services.keys.jwks();
    },
  );
}
