// Whether the credential a base access token came from is still alive, and whose it is.
import type { AccessTokenRepository } from '../tokens/access-token-repository.js';
import type { SessionRepository } from '../sessions/session-repository.js';
import type { UserRepository } from '../users/user-repository.js';
import type { SourceCheck } from './base-token-verifier.js';

const TOKEN_KINDS = new Set(['personal_access_token', 'user_personal_token', 'base_api_token', 'plugin_access_token']);

export function sourceCheck(
  deps: { sessions: SessionRepository; tokens: AccessTokenRepository; users: UserRepository; shareLinkCreator: (id: string) => Promise<string | null> },
  now: () => number = Date.now,
): SourceCheck {
  return async (kind, id) => {
    if (kind === 'session') {
      const session = await deps.sessions.findById(id);
      return session && session.revoked_time === null && Date.parse(session.expires_time) > now() ? session.user_id : null;
    }
    if (kind === 'password') return (await deps.users.findById(id))?.id ?? null;
    if (kind === 'share_link') return deps.shareLinkCreator(id);
    if (TOKEN_KINDS.has(kind)) {
      const token = await deps.tokens.findLive(id);
      return token && token.kind === kind && Date.parse(token.expired_time) > now() ? token.user_id : null;
    }
    return null;
  };
}
