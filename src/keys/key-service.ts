// JWT signing keys: kept in the store (private halves sealed under the instance secret), each with
// a `kid`, published at /.well-known/jwks.json, rotated on demand. The newest live key signs; a
// retired key still verifies until every token it signed has expired.
import { createPrivateKey, randomBytes, type JsonWebKey, type KeyObject } from 'node:crypto';
import { createLocalJWKSet, exportJWK, generateKeyPair, type JSONWebKeySet, type JWK, type JWTVerifyGetKey } from 'jose';
import type { AuditLog, Origin } from '../audit/audit-log.js';
import { seal, unseal } from '../crypto/sealing.js';
import type { JwtKeyRow } from '../db/schema.js';
import type { KeyRepository } from './key-repository.js';

export const JWT_ALG = 'EdDSA';
const RELOAD_MS = 30_000;

export interface Signer {
  kid: string;
  /** The Ed25519 private key, for signJws (jws.ts). */
  key: KeyObject;
}

export class KeyService {
  private loaded: { at: number; rows: JwtKeyRow[]; jwks: JSONWebKeySet; verify: JWTVerifyGetKey } | undefined;
  private signer: Signer | undefined;
  private creating: Promise<void> | undefined;

  constructor(
    private readonly keys: KeyRepository,
    private readonly secret: () => string,
    /** The longest lifetime of a signed token, in seconds: how long a retired key keeps verifying. */
    private readonly tokenTtlSeconds: number,
    private readonly audit: AuditLog,
    private readonly now: () => number = Date.now,
  ) {}

  /** The key that signs now; the first one is made on first use. */
  async signingKey(): Promise<Signer> {
    const state = await this.state();
    const live = state.rows.filter((r) => r.retired_time === null).at(-1);
    if (!live) {
      this.creating ??= this.create()
        .then(() => undefined)
        .finally(() => (this.creating = undefined));
      await this.creating;
      return this.signingKey();
    }
    if (this.signer?.kid !== live.kid) {
      this.signer = { kid: live.kid, key: createPrivateKey({ key: JSON.parse(unseal(live.private_jwk_sealed, this.secret())) as JsonWebKey, format: 'jwk' }) };
    }
    return this.signer;
  }

  /** The public keys that verify: live ones and those retired less than a token lifetime ago. */
  async jwks(): Promise<JSONWebKeySet> {
    return (await this.state()).jwks;
  }

  /** A key resolver for jose's jwtVerify; an unknown `kid` reloads the keys once. */
  verificationKeys(): JWTVerifyGetKey {
    return async (header, token) => {
      let state = await this.state();
      if (!state.jwks.keys.some((k) => k.kid === header.kid)) state = await this.state(true);
      return state.verify(header, token);
    };
  }

  /** Makes a new signing key and retires the others; returns the new `kid`. */
  async rotate(origin: Origin, actor: { userId: string; credentialId: string } | null): Promise<string> {
    const kid = await this.create();
    await this.audit.record(origin, { action: 'keys.rotate', actor, detail: { kid } });
    await this.keys.retireAllBut(kid, new Date(this.now()).toISOString());
    await this.keys.deleteRetiredBefore(new Date(this.now() - this.tokenTtlSeconds * 1000 * 2).toISOString());
    await this.state(true);
    return kid;
  }

  async list(): Promise<{ kid: string; alg: string; createdTime: string; retiredTime: string | null }[]> {
    return (await this.keys.list()).map((r) => ({ kid: r.kid, alg: r.alg, createdTime: r.created_time, retiredTime: r.retired_time }));
  }

  private async create(): Promise<string> {
    const { publicKey, privateKey } = await generateKeyPair(JWT_ALG, { extractable: true });
    const kid = randomBytes(12).toString('base64url');
    await this.keys.insert({
      kid,
      alg: JWT_ALG,
      public_jwk: JSON.stringify(await exportJWK(publicKey)),
      private_jwk_sealed: seal(JSON.stringify(await exportJWK(privateKey)), this.secret()),
      created_time: new Date(this.now()).toISOString(),
      retired_time: null,
    });
    await this.state(true);
    return kid;
  }

  private async state(reload = false) {
    if (!reload && this.loaded && this.now() - this.loaded.at < RELOAD_MS) return this.loaded;
    const rows = await this.keys.list();
    const oldest = this.now() - this.tokenTtlSeconds * 1000;
    const verifying = rows.filter((r) => r.retired_time === null || Date.parse(r.retired_time) > oldest);
    const jwks: JSONWebKeySet = {
      keys: verifying.map((r) => ({ ...(JSON.parse(r.public_jwk) as JWK), kid: r.kid, alg: r.alg, use: 'sig' })),
    };
    this.loaded = { at: this.now(), rows, jwks, verify: createLocalJWKSet(jwks) };
    return this.loaded;
  }
}
