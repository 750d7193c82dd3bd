import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateToken, parseToken } from '../../src/crypto/token-format.js';
import { digestSecret } from '../../src/crypto/digest.js';

describe('token format', () => {
  it('names its kind in the prefix and carries 43 random and 6 checksum characters', () => {
    const token = generateToken('personalAccessToken');
    assert.match(token, /^tess_pat_[0-9A-Za-z]{49}$/);
    assert.equal(parseToken(token), 'personalAccessToken');
    assert.match(generateToken('session'), /^tess_ses_/);
  });

  it('never repeats', () => {
    const seen = new Set(Array.from({ length: 1000 }, () => generateToken('personalAccessToken')));
    assert.equal(seen.size, 1000);
  });

  it('refuses any single changed character through the checksum', () => {
    const token = generateToken('personalAccessToken');
    for (let i = 'tess_pat_'.length; i < token.length; i++) {
      const replacement = token[i] === 'a' ? 'b' : 'a';
      const typo = token.slice(0, i) + replacement + token.slice(i + 1);
      assert.equal(parseToken(typo), null, `a typo at ${i} passed`);
    }
  });

  it('refuses another kind under a copied body, truncation, extension and garbage', () => {
    const token = generateToken('personalAccessToken');
    assert.equal(parseToken(token.replace('tess_pat_', 'tess_ses_')), null);
    assert.equal(parseToken(token.slice(0, -1)), null);
    assert.equal(parseToken(`${token}0`), null);
    for (const garbage of ['', '_', 'tess_pat_', 'x'.repeat(10_000), 'tess_pat_' + '\u0000'.repeat(49), 'Bearer abc']) {
      assert.equal(parseToken(garbage), null);
    }
  });

  it('digests a secret to 64 hex characters, the same each time', () => {
    const a = digestSecret('secret-a');
    assert.match(a, /^[0-9a-f]{64}$/);
    assert.equal(digestSecret('secret-a'), a);
    assert.notEqual(digestSecret('secret-b'), a);
  });
});
