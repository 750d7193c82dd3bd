// GET /.well-known/jwks.json: the public keys that verify base access tokens (live and recently
// retired), so a data server can check them without calling back.
import type { App, RouteContext } from '../context.js';

export default function register(app: App, ctx: RouteContext): void {
  app.get('/.well-known/jwks.json', async (_request, reply) => {
    void reply.header('cache-control', 'public, max-age=300');
    return ctx.services.keys.jwks();
  });
}
