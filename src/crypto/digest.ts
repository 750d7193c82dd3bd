// The store keeps SHA-256 digests of secrets, never the secrets.
// Lookups go through the store's unique index on the digest; the secret itself is never compared.
import { createHash } from 'node:crypto';

export function digestSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

