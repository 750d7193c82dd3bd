// The management page at / (web/, built by Vite into dist/web): static files on the API's port,
// with headers that keep it from being framed or fed other origins' scripts. Before the page is
// built, / says how to build it.
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** dist/web beside src/ and dist/: the same folder whether the server runs from either. */
export const WEB_DIR = path.resolve(import.meta.dirname, '..', '..', 'dist', 'web');

const PAGE_HEADERS = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

export function registerWebPage(app: FastifyInstance, dir = WEB_DIR): void {
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply.code(503).header('content-type', 'text/plain; charset=utf-8').send('The management page has not been built: run `npm run build`.\n'),
    );
    return;
  }
  void app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    setHeaders: (response, file) => {
      for (const [name, value] of Object.entries(PAGE_HEADERS)) void response.header(name, value);
      // Vite names assets by their content: they never change. The page itself is always checked.
      void response.header('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}
