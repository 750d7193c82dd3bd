// Opaque token format: `<kind prefix>_<random><checksum>`.
// - random: 256 bits from node:crypto, 43 base62 characters;
// - checksum: CRC32 of `<prefix>_<random>`, 6 base62 characters, so a typo or garbage is refused
//   before any store access and secret scanners can validate a match.
import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { bytesToBigInt, encodeBase62 } from './base62.js';

/** Kind prefixes; the prefix names what a secret is, wherever it leaks. */
export const TOKEN_PREFIX = {
  personalAccessToken: 'tess_pat',
  userPersonalToken: 'tess_upt',
  session: 'tess_ses',
  accountToken: 'tess_act',
  pluginSecret: 'tess_pls',
  pluginAuthCode: 'tess_plc',
  pluginAccessToken: 'tess_pla',
  pluginRefreshToken: 'tess_plr',
  baseApiToken: 'tess_bat',
  shareLink: 'tess_shl',
} as const;

export type TokenKind = keyof typeof TOKEN_PREFIX;

const RANDOM_LENGTH = 43;
const CHECKSUM_LENGTH = 6;
const BODY = new RegExp(`^[0-9A-Za-z]{${RANDOM_LENGTH + CHECKSUM_LENGTH}}$`);
const KIND_BY_PREFIX = new Map<string, TokenKind>(
  Object.entries(TOKEN_PREFIX).map(([kind, prefix]) => [prefix, kind as TokenKind]),
);
const MAX_TOKEN_LENGTH = 64;

function checksum(head: string): string {
  return encodeBase62(BigInt(crc32(head)), CHECKSUM_LENGTH);
}

export function generateToken(kind: TokenKind): string {
  const head = `${TOKEN_PREFIX[kind]}_${encodeBase62(bytesToBigInt(randomBytes(32)), RANDOM_LENGTH)}`;
  return head + checksum(head);
}

/**
 * Returns the kind of a well-formed token whose checksum holds, or null. Pure string work: no
 * store access, so garbage costs nothing.
 */
export function parseToken(candidate: string): TokenKind | null {
  if (candidate.length > MAX_TOKEN_LENGTH) return null;
  const separator = candidate.lastIndexOf('_');
  if (separator < 0) return null;
  const kind = KIND_BY_PREFIX.get(candidate.slice(0, separator));
  const body = candidate.slice(separator + 1);
  if (kind === undefined || !BODY.test(body)) return null;
  const head = candidate.slice(0, candidate.length - CHECKSUM_LENGTH);
  return checksum(head) === candidate.slice(-CHECKSUM_LENGTH) ? kind : null;
}
