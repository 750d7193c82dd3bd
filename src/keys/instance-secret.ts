// The instance secret: TESSERA_SECRET, or else a random one kept (mode 0600) in the data
// directory, created on first use. Every process sharing a store must share it.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';

export function instanceSecret(config: Pick<Config, 'instanceSecret' | 'dataDir'>): string {
  if (config.instanceSecret !== null) return config.instanceSecret;
  const file = path.join(config.dataDir, 'instance.secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(config.dataDir, { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    try {
      fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
      return secret;
    } catch {
      return fs.readFileSync(file, 'utf8').trim();
    }
  }
}
