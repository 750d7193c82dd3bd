// The store keeps SHA-256 digests of secrets, never the secrets.
// Lookups go through the store's unique index on the digest; where a known digest is checked
// against a presented secret (a plugin's secret), the comparison takes constant time.
import { createHash, timingSafeEqual } from 'node:crypto';

export function digestSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}


/** Whether the secret's digest is `digest`, compared in constant time. */
export function secretMatches(secret: string, digest: string): boolean {
  const presented = Buffer.from(digestSecret(secret), 'hex');
  const expected = Buffer.from(digest, 'hex');
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}
