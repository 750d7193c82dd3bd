// `tessera serve`: the server (src/server.ts), configured by the environment; it stops itself on
// SIGTERM or SIGINT, after draining.
import { loadConfig } from '../config.js';
import { parse } from './args.js';
import type { Command } from './command.js';

const HELP = `usage: tessera serve

Serves the API and the management page on PORT (default 8080), after applying
pending migrations. Every setting comes from the environment (README,
Configuration): PORT, HOST, DATABASE_URL or TESSERA_DATA_DIR, TESSERA_SECRET...
SIGTERM or SIGINT drains it: new requests get 503, those in flight finish (up to
TESSERA_SHUTDOWN_TIMEOUT_SECONDS), then it stops.

options:
  -h, --help    show this help

example:
  PORT=8080 DATABASE_URL=postgres://tessera@db/tessera tessera serve`;

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the server (as npm start does)',
  help: HELP,
  keepsRunning: true,
  async run(argv) {
    parse('serve', argv, {}, { min: 0, max: 0, names: '' });
    const { serve } = await import('../server.js');
    await serve(loadConfig());
  },
};
