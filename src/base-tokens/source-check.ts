// Whether the credential a base access token came from is still alive, whose it is, and (a token)
// what it holds now.
import type { AccessTokenRepository } from '../tokens/access-token-repository.js';
import { principalOf } from '../tokens/token-resolver.js';
import type { SessionRepository } from '../sessions/session-repository.js';
import type { UserRepository } from '../users/user-repository.js';
import type { LiveSource, SourceCheck } from './base-token-verifier.js';
import type { BasePermission } from './base-token-service.js';

const TOKEN_KINDS = new Set(['personal_access_token', 'user_personal_token', 'base_api_token', 'plugin_access_token']);

export function sourceCheck(
  deps: { sessions: SessionRepository; tokens: AccessTokenRepository; users: UserRepository; shareLinkCreator: (id: string) => Promise<string | null> },
  now: () => number = Date.now,
): SourceCheck {
  return async (kind, id) => {
    const user = (userId: string | null | undefined, permission: BasePermission | null = null): LiveSource | null => (userId ? { userId, permission, principal: null } : null);
    if (kind === 'session') {
      const session = await deps.sessions.findById(id);
      return user(session && session.revoked_time === null && Date.parse(session.expires_time) > now() ? session.user_id : null);
    }
    if (kind === 'password') {
      const account = await deps.users.findById(id);
      return user(account && account.disabled_time === null ? account.id : null);
    }
    if (kind === 'share_link') return user(await deps.shareLinkCreator(id), 'r');
    if (TOKEN_KINDS.has(kind)) {
      const token = await deps.tokens.findLive(id);
      if (!token || token.kind !== kind || Date.parse(token.expired_time) <= now()) return null;
      if (token.authorizer_expired_time !== null && Date.parse(token.authorizer_expired_time) <= now()) return null;
      // Its principal carries what it holds now (an API token narrowed to `r` holds only reading).
      return { userId: token.user_id, permission: null, principal: principalOf(token) };
    }
    return null;
  };
}
