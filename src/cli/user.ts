// `tessera user create|list|disable|enable`: accounts, made or switched off from the command line.
import { LOCAL_ORIGIN } from '../audit/audit-log.js';
import type { UserRow } from '../db/schema.js';
import { actionError, parse } from './args.js';
import type { Command } from './command.js';
import { orDash, progressEvery, result, table } from './output.js';

const HELP = `usage: tessera user create <email> <password|-> [--name NAME] [--admin] [--json]
       tessera user list [--json]
       tessera user disable <id|email> [--json]
       tessera user enable <id|email> [--json]

  create    make an account, even when sign-up is closed (TESSERA_SIGNUP=closed).
            A password of "-" is read from the first line of stdin (it then stays
            out of the process list and the shell history).
  list      every account: id, email, name, admin, created, disabled
  disable   switch an account off: it can no longer sign in (refused like a wrong
            password), and every credential it holds is revoked: browser sessions,
            account tokens, tokens of every kind, plugin authorization codes and
            grants (refresh tokens), share links it made, and the secrets of plugins
            it owns (their owner regenerates them). Each revocation is audited.
            Running it again on a disabled account sweeps again (and replaces
            its plugins' secrets again).
  enable    let a disabled account sign in again. What disabling revoked stays
            revoked: its tokens are made anew.

Running servers on the same store drop what disable revoked: on PostgreSQL at
once (NOTIFY), on SQLite within a second (each server looks for other processes'
commits every second and then forgets its cached verdicts).

options:
  --name NAME   (create) the account's display name; default: the email's local part
  --admin       (create) make it an instance admin
  --json        print the result as JSON
  -h, --help    show this help

examples:
  tessera user create ann@example.com - --admin < password.txt
  tessera user list --json
  tessera user disable ann@example.com`;

const userJson = (u: UserRow) => ({ id: u.id, email: u.email, name: u.name, admin: u.is_admin === 1, createdTime: u.created_time, disabledTime: u.disabled_time });

async function readPassword(given: string): Promise<string> {
  if (given !== '-') return given;
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text.split(/\r?\n/)[0]!;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export const userCommand: Command = {
  name: 'user',
  summary: 'create, list, disable or enable accounts',
  help: HELP,
  async run(argv) {
    const [action, ...rest] = argv;
    if (action === 'create') {
      const { values, positionals } = parse('user create', rest, { name: { type: 'string' }, admin: { type: 'boolean' } }, { min: 2, max: 2, names: '<email> and <password>' });
      const password = await readPassword(positionals[1]!);
      const { withServices } = await import('./store.js');
      await withServices(async (services) => {
        const user = await services.users.create({ email: positionals[0]!, password, name: values.name }, LOCAL_ORIGIN, { admin: values.admin === true });
        result(values.json === true, userJson(user), () => [`created ${user.email} (${user.id})${user.is_admin === 1 ? ', an instance admin' : ''}`]);
      });
    } else if (action === 'list') {
      const { values } = parse('user list', rest, {}, { min: 0, max: 0, names: '' });
      const { withServices } = await import('./store.js');
      await withServices(async (services) => {
        const users: ReturnType<typeof userJson>[] = [];
        for await (const user of services.users.all()) users.push(userJson(user));
        result(values.json === true, users, () =>
          table(
            ['ID', 'EMAIL', 'NAME', 'ADMIN', 'CREATED', 'DISABLED'],
            users.map((u) => [u.id, u.email, u.name, u.admin ? 'yes' : 'no', u.createdTime, orDash(u.disabledTime)]),
          ),
        );
      });
    } else if (action === 'disable' || action === 'enable') {
      const { values, positionals } = parse(`user ${action}`, rest, {}, { min: 1, max: 1, names: '<id|email>' });
      const { withServices } = await import('./store.js');
      await withServices(async (services) => {
        const user = await services.users.findByIdOrEmail(positionals[0]!);
        if (!user) throw new Error(`user ${action}: no user "${positionals[0]}"`);
        if (action === 'enable') {
          const enabled = await services.users.enable(user, LOCAL_ORIGIN, { by: 'cli' });
          result(values.json === true, { id: user.id, email: user.email, enabled }, () => [
            enabled ? `enabled ${user.email} (${user.id}): they may sign in again; what disabling revoked stays revoked` : `${user.email} (${user.id}) was not disabled: nothing to do`,
          ]);
          return;
        }
        const done = await services.users.disable(user, LOCAL_ORIGIN, { by: 'cli' }, progressEvery(1000, (n) => `revoked ${n} credentials so far`));
        const r = done.revoked;
        const total = r.sessions + r.tokens + r.pluginGrants + r.pluginAuthCodes + r.shareLinks + r.pluginSecrets;
        result(values.json === true, { id: user.id, email: user.email, disabledTime: done.disabledTime, alreadyDisabled: done.already, revoked: r }, () => [
          `${done.already ? `${user.email} (${user.id}) was disabled already, since ${done.disabledTime}; swept again` : `disabled ${user.email} (${user.id})`}: revoked ${plural(total, 'credential')}` +
            (total === 0
              ? ''
              : ` (${[
                  plural(r.sessions, 'session or account token', 'sessions and account tokens'),
                  plural(r.tokens, 'token'),
                  plural(r.pluginGrants, 'plugin grant'),
                  plural(r.pluginAuthCodes, 'plugin authorization code'),
                  plural(r.shareLinks, 'share link'),
                  plural(r.pluginSecrets, 'plugin secret'),
                ]
                  .filter((part) => !part.startsWith('0 '))
                  .join(', ')})`),
        ]);
      });
    } else {
      throw actionError('user', action, ['create', 'list', 'disable', 'enable']);
    }
  },
};
