// Who calls an OAuth endpoint: a plugin by its id and secret (HTTP Basic, RFC 6749 2.3.1), or a
// signed-in person (an instance admin, where the endpoint requires one).
import type { FastifyRequest } from 'fastify';
import { isPerson } from '../../auth/principal.js';
import type { PluginRow } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { authenticateRequest } from '../authenticate.js';
import type { RouteContext } from '../context.js';

export type Caller = { plugin: PluginRow } | { personId: string; admin: boolean } | null;

const BASIC = /^Basic[ \t]+([A-Za-z0-9+/]+={0,2})[ \t]*$/i;
const failed = (): AppError => new AppError('credentials_invalid', 'client authentication failed');

export async function callerOf(ctx: RouteContext, request: FastifyRequest): Promise<Caller> {
  const header = request.headers.authorization;
  const basic = header === undefined ? null : BASIC.exec(header);
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const plugin = colon > 0 ? await ctx.services.oauth.pluginClient(decodeURIComponent(decoded.slice(0, colon)), decodeURIComponent(decoded.slice(colon + 1))) : null;
    if (!plugin) throw failed();
    return { plugin };
  }
  const principal = await authenticateRequest(ctx.services, request, { allowBasic: false }).catch(() => null);
  if (!principal || !isPerson(principal)) return null;
  const user = await ctx.services.users.findById(principal.userId);
  return { personId: principal.userId, admin: user?.is_admin === 1 };
}
