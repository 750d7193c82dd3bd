// Compact JWS (RFC 7515) signed with Ed25519 (`alg: EdDSA`, RFC 8037) by node:crypto, at once.
// jose signs through WebCrypto, and each WebCrypto job is a round trip through libuv's thread
// pool: a pool thread woken on the request thread's core preempts it, and the answer waits for
// the pool's reply (docs/reliability.md, 2026-11-25, "who takes the server's core"). Verification
// stays with jose (base-token-verifier.ts), so a token written here that jose would refuse fails
// the tests that use it.
import { sign, type KeyObject } from 'node:crypto';

export interface JwsHeader {
  alg: 'EdDSA';
  kid: string;
  typ: 'JWT';
}

const encoded = (value: object): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/** `header.payload.signature`, each base64url; the key must be an Ed25519 private key. */
export function signJws(header: JwsHeader, payload: Record<string, unknown>, key: KeyObject): string {
  if (key.type !== 'private' || key.asymmetricKeyType !== 'ed25519') throw new TypeError('an EdDSA JWS needs an Ed25519 private key');
  const input = `${encoded(header)}.${encoded(payload)}`;
  return `${input}.${sign(null, Buffer.from(input, 'ascii'), key).toString('base64url')}`;
}
