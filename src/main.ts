// Entry point of `npm start` (dist/main.js): serve Tessera; a configuration error names the
// variable and exits non-zero.
import { ConfigError, loadConfig } from './config.js';
import { serve } from './server.js';

function fail(error: unknown): never {
  process.stderr.write(`tessera: ${error instanceof ConfigError ? `configuration error: ${error.message}` : error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

try {
  await serve(loadConfig());
} catch (error) {
  fail(error);
}
