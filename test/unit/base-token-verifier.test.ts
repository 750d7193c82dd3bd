import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateKeyPair, SignJWT, type JWTVerifyGetKey } from 'jose';
import type { BaseRepository } from '../../src/bases/base-repository.js';
import { BASE_TOKEN_AUDIENCE } from '../../src/base-tokens/base-token-service.js';
import { BaseTokenVerifier } from '../../src/base-tokens/base-token-verifier.js';
import type { BaseRow } from '../../src/db/schema.js';
import type { KeyService } from '../../src/keys/key-service.js';

const ISSUER = 'http://tessera.test';
const UUID = 'b5f1c1c4-0000-4000-8000-000000000001';

/** A verifier over one signing key; counts the signature checks (the claims cache's misses). */
async function verifier(tokenCacheSize: number) {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA');
  let checks = 0;
  const getKey: JWTVerifyGetKey = () => {
    checks++;
    return Promise.resolve(publicKey);
  };
  const keys = { verificationKeys: () => getKey } as unknown as KeyService;
  const bases = { findByUuid: () => Promise.resolve({ id: 'bse1', uuid: UUID } as BaseRow) } as unknown as BaseRepository;
  const live = () => Promise.resolve({ userId: 'usr1', permission: null, principal: null });
  const subject = new BaseTokenVerifier(keys, bases, live, { publicUrl: ISSUER, tokenCacheSize });
  const sign = (jti: string): Promise<string> =>
    new SignJWT({ dtable_uuid: UUID, permission: 'r', src: 'session:ses1' })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'k1' })
      .setIssuer(ISSUER)
      .setAudience(BASE_TOKEN_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('1h')
      .setJti(jti)
      .sign(privateKey);
  return { subject, sign, checks: () => checks };
}

describe('BaseTokenVerifier', () => {
  it('remembers checked signatures, as many as TESSERA_TOKEN_CACHE_SIZE', async () => {
    for (const [size, expected] of [[10, 2], [1, 3], [0, 3]] as const) {
      const { subject, sign, checks } = await verifier(size);
      const a = await sign('a');
      const b = await sign('b');
      for (const token of [a, b, a]) assert.equal((await subject.verify(token, UUID)).base.id, 'bse1');
      assert.equal(checks(), expected, `cache of ${size}: ${expected} signature checks for a, b, a`);
    }
  });
});
