// Who calls an OAuth endpoint: a plugin by its id and secret (HTTP Basic, RFC 6749 2.3.1), or a
// signed-in person (an instance admin, where the endpoint requires one).
import type { FastifyRequest } from 'fastify';
import { isPerson } from '../../auth/principal.js';
import type { PluginRow } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { authenticateRequest, basicPair } from '../authenticate.js';
import type { RouteContext } from '../context.js';

export type Caller = { plugin: PluginRow } | { personId: string; credentialId: string; admin: boolean } | null;

const failed = (): AppError => new AppError('credentials_invalid', 'client authentication failed');

/** RFC 6749 form-encodes client ids and secrets inside Basic; a malformed escape fails authentication. */
function formDecoded(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw failed();
  }
}

export async function callerOf(ctx: RouteContext, request: FastifyRequest): Promise<Caller> {
  const header = request.headers.authorization;
  if (header !== undefined && /^Basic\s/i.test(header)) {
    const pair = basicPair(header);
    const plugin = pair ? await ctx.services.oauth.pluginClient(formDecoded(pair.user), formDecoded(pair.password), ctx.origin(request)) : null;
    if (!plugin) throw failed();
    return { plugin };
  }
  const principal = await authenticateRequest(ctx.services, request, { allowBasic: false }).catch(() => null);
  if (!principal || !isPerson(principal)) return null;
  const user = await ctx.services.users.findById(principal.userId);
  return { personId: principal.userId, credentialId: principal.credentialId, admin: user?.is_admin === 1 };
}
