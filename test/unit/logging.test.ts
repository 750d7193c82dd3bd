// The logger's URL redaction: secrets that travel in a URL never reach a log line.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateToken } from '../../src/crypto/token-format.js';
import { redactSecrets } from '../../src/logging.js';

describe('redactSecrets', () => {
  it('cuts every Tessera secret out of a path or query, keeping its kind prefix', () => {
    const link = generateToken('shareLink');
    const pat = generateToken('personalAccessToken');
    const text = redactSecrets(`/api/v2.1/dtables/share-links/${link}/?next=${pat}`);
    assert.equal(text, '/api/v2.1/dtables/share-links/tess_shl_[redacted]/?next=tess_pat_[redacted]');
  });

  it('cuts out JWTs and the values of secret-named query parameters, whatever they hold', () => {
    const text = redactSecrets('/x?token=abc&password=hunter2&keep=1&Access_Token=eyJhbGciOiJFZERTQSJ9.eyJ4IjoxfQ.c2ln');
    assert.equal(text, '/x?token=[redacted]&password=[redacted]&keep=1&Access_Token=[redacted]');
    assert.equal(redactSecrets('/y/eyJhbGciOiJFZERTQSJ9.eyJ4IjoxfQ.c2ln/z'), '/y/[redacted-jwt]/z');
  });

  it('leaves a URL without secrets as it is', () => {
    assert.equal(redactSecrets('/api/table/tbl123/record?take=10&skip=0'), '/api/table/tbl123/record?take=10&skip=0');
  });
});
