// Verification of SeaTable base access tokens (JWTs) at the data server: signature (a key of the
// store, by `kid`; EdDSA only, so `alg: none` and HS256 tricks fail), expiry, issuer, audience, the
// base named in the path, and that the credential it came from (`src`) is still alive, so that
// revoking a session, an API token or a share link kills its JWTs at once. A JWT never carries
// more than its source token holds at the time of the request: its actions are the `r` or `rw`
// set within the token's current scopes, on a base within the token's current reach.
import { errors, jwtVerify, type JWTPayload } from 'jose';
import { BASE_READ_ACTIONS, PLUGIN_ACTIONS } from '../auth/actions.js';
import { reaches } from '../auth/can.js';
import { LruCache } from '../auth/lru-cache.js';
import type { Principal } from '../auth/principal.js';
import type { BaseRepository } from '../bases/base-repository.js';
import type { Config } from '../config.js';
import { digestSecret } from '../crypto/digest.js';
import type { BaseRow } from '../db/schema.js';
import { AppError } from '../errors.js';
import { JWT_ALG, type KeyService } from '../keys/key-service.js';
import { BASE_TOKEN_AUDIENCE, type BasePermission } from './base-token-service.js';


/** The live credential a base access token came from, as it is now. */
export interface LiveSource {
  userId: string;
  /** `r` for a source that only ever reads (a share link); null otherwise. */
  permission: BasePermission | null;
  /** A token's rights now (scopes, reach, read-only), which the JWT never exceeds; null for a person's session or a share link. */
  principal: Principal | null;
}

/** Finds the live source credential (`kind:id`); null when it is dead. */
export type SourceCheck = (kind: string, id: string) => Promise<LiveSource | null>;

const invalidToken = (): AppError => new AppError('token_invalid', 'Invalid token');

export class BaseTokenVerifier {
  constructor(
    private readonly keys: KeyService,
    private readonly bases: BaseRepository,
    private readonly liveSource: SourceCheck,
    private readonly config: Pick<Config, 'publicUrl' | 'tokenCacheSize'>,
  ) {
    this.verified = new LruCache<string, JWTPayload>(config.tokenCacheSize, 3_600_000);
  }

  /**
   * The claims of tokens whose signature was checked, by digest, until they expire; as many as
   * the verdict cache holds (TESSERA_TOKEN_CACHE_SIZE).
   */
  private readonly verified: LruCache<string, JWTPayload>;

  /** The signature, issuer, audience and expiry checks; a token that passed them is remembered. */
  private async claims(token: string): Promise<JWTPayload> {
    const digest = digestSecret(token);
    const known = this.verified.get(digest);
    if (known !== undefined) {
      if (typeof known.exp === 'number' && known.exp * 1000 > Date.now()) return known;
      throw new AppError('base_token_expired', 'Token expired.');
    }
    try {
      const { payload } = await jwtVerify(token, this.keys.verificationKeys(), {
        algorithms: [JWT_ALG],
        audience: BASE_TOKEN_AUDIENCE,
        issuer: this.config.publicUrl,
        requiredClaims: ['exp', 'iat', 'jti'],
      });
      this.verified.set(digest, payload);
      return payload;
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new AppError('base_token_expired', 'Token expired.');
      throw invalidToken();
    }
  }

  async verify(token: string, dtableUuid: string): Promise<{ principal: Principal; base: BaseRow; permission: BasePermission }> {
    // The source credential's liveness and the base are read on every use: revocation is immediate.
    const payload = await this.claims(token);
    const { dtable_uuid: uuid, permission, src } = payload;
    if (typeof uuid !== 'string' || (permission !== 'r' && permission !== 'rw') || typeof src !== 'string') throw invalidToken();
    if (uuid !== dtableUuid) throw new AppError('restricted_resource', 'Permission denied.');
    const separator = src.indexOf(':');
    const source = separator > 0 ? await this.liveSource(src.slice(0, separator), src.slice(separator + 1)) : null;
    if (source === null) throw new AppError('token_revoked', 'Invalid token');
    const base = await this.bases.findByUuid(uuid);
    if (!base) throw new AppError('not_found', `dtable ${uuid} not found.`);
    const held = source.principal;
    // A source token narrowed to other bases since (or never reaching this one) gives nothing here.
    if (held !== null && !reaches(held, { kind: 'base', spaceId: base.space_id, baseId: base.id, role: null })) throw new AppError('restricted_resource', 'Permission denied.');
    // The narrowest of what the JWT says, what its source holds now, and the source's own scopes;
    // `rw` only while a write is left in them.
    const writable = permission === 'rw' && source.permission !== 'r' && held?.readOnly !== true;
    const heldScopes = held?.scopes ?? null;
    const granted = writable ? PLUGIN_ACTIONS : BASE_READ_ACTIONS;
    const scopes = heldScopes === null ? granted : new Set([...granted].filter((action) => heldScopes.has(action)));
    const effective: BasePermission = writable && [...scopes].some((action) => !BASE_READ_ACTIONS.has(action)) ? 'rw' : 'r';
    const principal: Principal = {
      kind: 'base_access_token',
      userId: source.userId,
      credentialId: src,
      scopes,
      fullAccess: false,
      spaceIds: new Set(),
      baseIds: new Set([base.id]),
      expiresAt: typeof payload.exp === 'number' ? new Date(payload.exp * 1000).toISOString() : null,
      readOnly: effective === 'r',
    };
    return { principal, base, permission: effective };
  }
}
