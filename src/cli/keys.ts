// `tessera keys rotate|list`: the JWT signing keys (SeaTable base access tokens), kept sealed in the store.
import { LOCAL_ORIGIN } from '../audit/audit-log.js';
import { actionError, parse } from './args.js';
import type { Command } from './command.js';
import { orDash, result, table } from './output.js';

const HELP = `usage: tessera keys rotate [--json]
       tessera keys list [--json]

  rotate    make a new signing key and retire the others; a retired key still
            verifies the tokens it signed until they expire, and is published at
            /.well-known/jwks.json until then (also POST /api/admin/jwt-keys/rotate)
  list      the keys: kid, algorithm, created, retired

The private halves are sealed under TESSERA_SECRET (or the instance.secret file in
TESSERA_DATA_DIR): run this with the same secret as the servers.

options:
  --json        print the result as JSON
  -h, --help    show this help

examples:
  tessera keys rotate
  tessera keys list --json`;

export const keysCommand: Command = {
  name: 'keys',
  summary: 'rotate or list the JWT signing keys',
  help: HELP,
  async run(argv) {
    const [action, ...rest] = argv;
    if (action !== 'rotate' && action !== 'list') {
      throw actionError('keys', action, ['rotate', 'list']);
    }
    const { values } = parse(`keys ${action}`, rest, {}, { min: 0, max: 0, names: '' });
    const { withServices } = await import('./store.js');
    await withServices(async (services) => {
      if (action === 'rotate') {
        const kid = await services.keys.rotate(LOCAL_ORIGIN, null);
        result(values.json === true, { kid }, () => [`new signing key ${kid}; the others are retired and verify what they signed until it expires`]);
      } else {
        const keys = await services.keys.list();
        result(values.json === true, keys, () => table(['KID', 'ALG', 'CREATED', 'RETIRED'], keys.map((k) => [k.kid, k.alg, k.createdTime, orDash(k.retiredTime)])));
      }
    });
  },
};
