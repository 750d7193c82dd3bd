// signJws (src/keys/jws.ts): what it writes is a JWS that jose verifies with the public key, with
// the header and claims given; a changed payload or another key fails jose's check.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { compactVerify, decodeProtectedHeader, jwtVerify } from 'jose';
import { signJws } from '../../src/keys/jws.js';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const now = Math.floor(Date.now() / 1000);
const claims = { dtable_uuid: 'b1', permission: 'rw', username: 'ü@example.com', iss: 'http://tessera', aud: 'tessera-dtable-server', iat: now, exp: now + 60, jti: 'j1' };

describe('signJws', () => {
  it('writes a JWT that jose verifies with the public key, with the header and claims given', async () => {
    const token = signJws({ alg: 'EdDSA', kid: 'k1', typ: 'JWT' }, claims, privateKey);
    assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    assert.deepEqual(decodeProtectedHeader(token), { alg: 'EdDSA', kid: 'k1', typ: 'JWT' });
    const { payload } = await jwtVerify(token, publicKey, { algorithms: ['EdDSA'], issuer: 'http://tessera', audience: 'tessera-dtable-server', requiredClaims: ['exp', 'iat', 'jti'] });
    assert.deepEqual(payload, claims);
  });

  it('signs what it encodes: another payload under the same signature, or another key, fails', async () => {
    const [header, , signature] = signJws({ alg: 'EdDSA', kid: 'k1', typ: 'JWT' }, claims, privateKey).split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, permission: 'rw', dtable_uuid: 'b2' })).toString('base64url')}.${signature}`;
    await assert.rejects(compactVerify(forged, publicKey), { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
    const other = generateKeyPairSync('ed25519');
    await assert.rejects(compactVerify(signJws({ alg: 'EdDSA', kid: 'k1', typ: 'JWT' }, claims, other.privateKey), publicKey), { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
  });

  it('refuses a key that is not an Ed25519 private key', () => {
    assert.throws(() => signJws({ alg: 'EdDSA', kid: 'k1', typ: 'JWT' }, claims, publicKey), TypeError);
    assert.throws(() => signJws({ alg: 'EdDSA', kid: 'k1', typ: 'JWT' }, claims, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey), TypeError);
  });
});
