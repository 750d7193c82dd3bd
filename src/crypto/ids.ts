// Row identifiers: a type prefix (usr, spc, bse, tbl, fld, rec, acc, ses, plg, pgr, prt, shl, aud) and 16 base62 characters.
import { randomBytes } from 'node:crypto';
import { bytesToBigInt, encodeBase62 } from './base62.js';

export type IdPrefix = 'usr' | 'spc' | 'bse' | 'tbl' | 'fld' | 'rec' | 'acc' | 'ses' | 'plg' | 'pgr' | 'prt' | 'shl' | 'aud';

export function newId(prefix: IdPrefix): string {
  // 12 random bytes (96 bits) fit in 17 base62 characters; keep 16 (95 bits), plenty for ids.
  return prefix + encodeBase62(bytesToBigInt(randomBytes(12)), 17).slice(1);
}
