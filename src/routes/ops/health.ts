// GET /healthz: the process is up and answering (no store access): {status: "ok"}.
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { TAGS } from '../shared-schemas.js';

export default function register(app: App, _ctx: RouteContext): void {
  app.get(
    '/healthz',
    { schema: { summary: 'Liveness: the process answers', tags: [TAGS.operations.name], security: [], response: { 200: Type.Object({ status: Type.Literal('ok') }) } } },
    () => ({ status: 'ok' as const }),
  );
}
