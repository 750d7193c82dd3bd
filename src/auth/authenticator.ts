// The one verification path: secret -> Principal. Checks run in order of cost: format and
// checksum (no store access for garbage), then the bounded cache of digests, then one indexed
// lookup by the kind's resolver.
import { digestSecret } from '../crypto/digest.js';
import { parseToken, type TokenKind } from '../crypto/token-format.js';
import { AppError } from '../errors.js';
import type { LruCache } from './lru-cache.js';
import type { Principal } from './principal.js';

export type Failure = 'token_invalid' | 'token_expired' | 'token_revoked';
/** A refusal names the credential when the store knows it (a revoked token), for the audit log. */
export type Resolution =
  | { readonly ok: true; readonly principal: Principal }
  | { readonly ok: false; readonly failure: Failure; readonly credentialId?: string; readonly userId?: string };

export interface CredentialResolver {
  /** Looks up the credential whose secret has this digest. */
  resolve(digest: string): Promise<Resolution>;
}

const MESSAGES: Record<Failure, string> = {
  token_invalid: 'the credential is not valid',
  token_expired: 'the credential has expired',
  token_revoked: 'the credential has been revoked',
};

/** A 401 for a presented credential; knows which credential it was, when the store does. */
export class CredentialRefused extends AppError {
  constructor(
    failure: Failure,
    kind: TokenKind | null,
    readonly credentialId: string | null = null,
    readonly userId: string | null = null,
  ) {
    super(failure, MESSAGES[failure]);
    // personalAccessToken -> personal_access_token, the credential kinds' spelling elsewhere.
    this.credentialKind = kind === null ? null : kind.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  }

  readonly credentialKind: string | null;
}

export class Authenticator {
  constructor(
    private readonly resolvers: Partial<Record<TokenKind, CredentialResolver>>,
    private readonly cache: LruCache<string, Resolution>,
    private readonly onUse: (principal: Principal) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Verifies a secret of one of the `accepted` kinds; throws a 401 AppError otherwise. A use is
   * recorded (lastUsedTime) unless `inspectOnly` (introspection is not a use).
   */
  async verify(secret: string, accepted: readonly TokenKind[], inspectOnly = false): Promise<Principal> {
    const kind = parseToken(secret);
    const resolver = kind && accepted.includes(kind) ? this.resolvers[kind] : undefined;
    if (!resolver) throw new CredentialRefused('token_invalid', kind);
    const digest = digestSecret(secret);
    let resolution = this.cache.get(digest);
    if (resolution === undefined) {
      const epoch = this.cache.epoch;
      resolution = await resolver.resolve(digest);
      // A revocation heard while the store answered may postdate the answer: do not keep it.
      if (this.cache.epoch === epoch) this.cache.set(digest, resolution);
    }
    if (!resolution.ok) throw new CredentialRefused(resolution.failure, kind, resolution.credentialId ?? null, resolution.userId ?? null);
    const { principal } = resolution;
    if (principal.expiresAt !== null && Date.parse(principal.expiresAt) <= this.now()) {
      throw new CredentialRefused('token_expired', kind, principal.credentialId, principal.userId);
    }
    if (!inspectOnly) this.onUse(principal);
    return principal;
  }
}
