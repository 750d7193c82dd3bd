// GET /healthz: the process is up and answering (no store access): {status: "ok"}.
import type { App, RouteContext } from '../context.js';

export default function register(app: App, _ctx: RouteContext): void {
  app.get('/healthz', (_request, reply) => reply.send({ status: 'ok' }));
}
