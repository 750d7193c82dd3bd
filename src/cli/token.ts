// `tessera token list|revoke`: anyone's live tokens of the token table, listed or revoked by id,
// by user, by kind; bulk revocations report progress every 1000 tokens.
import { LOCAL_ORIGIN } from '../audit/audit-log.js';
import type { TokenKindColumn } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { Services } from '../services.js';
import { TOKEN_KINDS, type AdminTokenView } from '../tokens/admin-token-service.js';
import { actionError, choiceOption, parse, UsageError } from './args.js';
import type { Command } from './command.js';
import { orDash, progressEvery, result, table } from './output.js';

const HELP = `usage: tessera token list [--user <id|email>] [--kind <kind>] [--json]
       tessera token revoke --id <id> [--json]
       tessera token revoke --user <id|email> [--kind <kind>] [--json]
       tessera token revoke --kind <kind> [--json]

  list      live (not revoked) tokens: id, kind, owner, name, created, expires,
            last used; never a secret
  revoke    revoke one token by id, or every live token of a user, of a kind, or
            of a user and a kind; bulk revocations print progress on stderr every
            1000 tokens and a count at the end. Each revocation is audited
            (token.revoke, by: cli).

kinds: ${TOKEN_KINDS.join(', ')}

Running servers on the same store drop what was revoked: on PostgreSQL at once
(NOTIFY), on SQLite within a second (each server looks for other processes'
commits every second and then forgets its cached verdicts).

options:
  --id ID             (revoke) the token's id, as list shows it
  --user ID|EMAIL     only this user's tokens
  --kind KIND         only tokens of this kind
  --json              print the result as JSON
  -h, --help          show this help

examples:
  tessera token list --user ann@example.com
  tessera token revoke --id acc4fJq2Lw9XbT0kRz
  tessera token revoke --kind user_personal_token`;

const OPTIONS = { user: { type: 'string' }, kind: { type: 'string' } } as const;

/** The user named by id or email, as an id; a failure when there is none. */
async function userIdOf(services: Services, command: string, idOrEmail: string | undefined): Promise<string | undefined> {
  if (idOrEmail === undefined) return undefined;
  const user = await services.users.findByIdOrEmail(idOrEmail);
  if (!user) throw new Error(`${command}: no user "${idOrEmail}"`);
  return user.id;
}

/** Emails of the users behind the tokens, looked up once each. */
function emails(services: Services): (userId: string) => Promise<string | null> {
  const known = new Map<string, string | null>();
  return async (userId) => {
    if (!known.has(userId)) known.set(userId, (await services.users.findById(userId))?.email ?? null);
    return known.get(userId)!;
  };
}

async function list(argv: readonly string[]): Promise<void> {
  const { values } = parse('token list', argv, OPTIONS, { min: 0, max: 0, names: '' });
  const kind = choiceOption<TokenKindColumn>('token list', 'kind', values.kind, TOKEN_KINDS);
  const { withServices } = await import('./store.js');
  await withServices(async (services) => {
    const filter = { kind, userId: await userIdOf(services, 'token list', values.user) };
    const emailOf = emails(services);
    const tokens: (AdminTokenView & { userEmail: string | null })[] = [];
    for await (const token of services.adminTokens.all('cli', filter)) tokens.push({ ...token, userEmail: await emailOf(token.userId) });
    const rows = tokens.map((t) => [t.id, t.kind, t.userEmail ?? t.userId, t.name, t.createdTime, t.expiredTime, orDash(t.lastUsedTime)]);
    result(values.json === true, tokens, () => (rows.length === 0 ? ['no live tokens match'] : table(['ID', 'KIND', 'USER', 'NAME', 'CREATED', 'EXPIRES', 'LAST USED'], rows)));
  });
}

async function revoke(argv: readonly string[]): Promise<void> {
  const { values } = parse('token revoke', argv, { ...OPTIONS, id: { type: 'string' } }, { min: 0, max: 0, names: '' });
  const kind = choiceOption<TokenKindColumn>('token revoke', 'kind', values.kind, TOKEN_KINDS);
  const json = values.json === true;
  if (values.id !== undefined && (values.user !== undefined || kind !== undefined)) throw new UsageError('token revoke: --id goes alone, without --user or --kind');
  if (values.id === undefined && values.user === undefined && kind === undefined) throw new UsageError('token revoke: name the tokens: --id, --user or --kind (see tessera token --help)');
  const { withServices } = await import('./store.js');
  await withServices(async (services) => {
    if (values.id !== undefined) {
      const id = values.id;
      try {
        await services.adminTokens.revoke('cli', id, LOCAL_ORIGIN);
      } catch (error) {
        if (error instanceof AppError && error.code === 'not_found') throw new Error(`token revoke: no live token has the id "${id}"`);
        throw error;
      }
      result(json, { revoked: 1, id }, () => [`revoked token ${id}`]);
    } else {
      const filter = { kind, userId: await userIdOf(services, 'token revoke', values.user) };
      const say = progressEvery(1000, (done, total) => `revoked ${done} of ${total ?? '?'} tokens`);
      const revoked = await services.adminTokens.revokeMatching('cli', filter, LOCAL_ORIGIN, say);
      result(json, { revoked }, () => [`revoked ${revoked} token${revoked === 1 ? '' : 's'}`]);
    }
  });
}

export const tokenCommand: Command = {
  name: 'token',
  summary: "list or revoke anyone's tokens, by id, user or kind",
  help: HELP,
  async run(argv) {
    const [action, ...rest] = argv;
    if (action === 'list') return list(rest);
    if (action === 'revoke') return revoke(rest);
    throw actionError('token', action, ['list', 'revoke']);
  },
};
