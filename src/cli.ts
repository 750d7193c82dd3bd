#!/usr/bin/env node
// The `tessera` command (the package's bin: `npx tessera <command>`), one module per command
// under src/cli/. `tessera --help` lists the commands, `tessera <command> --help` explains one.
// Exit codes: 0 done; 1 failed, with one line on stderr; 2 wrong usage, one line on stderr.
import { UsageError } from './cli/args.js';
import { auditCommand } from './cli/audit.js';
import type { Command } from './cli/command.js';
import { keysCommand } from './cli/keys.js';
import { migrateCommand } from './cli/migrate.js';
import { errorLine } from './cli/output.js';
import { serveCommand } from './cli/serve.js';
import { tokenCommand } from './cli/token.js';
import { userCommand } from './cli/user.js';

const COMMANDS: readonly Command[] = [serveCommand, migrateCommand, userCommand, tokenCommand, keysCommand, auditCommand];

const HELP = `usage: tessera <command> [arguments] [--json] [--help]

commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)}${c.summary}`).join('\n')}

Each command reads its configuration from the environment, as the server does:
DATABASE_URL (PostgreSQL) and TESSERA_DB_SCHEMA, or TESSERA_DATA_DIR (SQLite);
TESSERA_SECRET; see the README's Configuration. --json prints results as JSON.
"tessera <command> --help" explains one command.`;

const isHelp = (arg: string): boolean => arg === '--help' || arg === '-h';

/** Runs the command line; resolves to the exit code, or to null while `serve` keeps running. */
async function main(argv: readonly string[]): Promise<number | null> {
  const [name, ...rest] = argv;
  if (name === undefined) throw new UsageError('no command given (see tessera --help)');
  if (isHelp(name) || (name === 'help' && rest.length === 0)) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const topic = name === 'help' ? rest[0]! : name;
  const command = COMMANDS.find((c) => c.name === topic);
  if (!command) throw new UsageError(`unknown command "${topic}" (${COMMANDS.map((c) => c.name).join(', ')}; see tessera --help)`);
  if (name === 'help' || rest.some(isHelp)) {
    process.stdout.write(`${command.help}\n`);
    return 0;
  }
  await command.run(rest);
  return command.keepsRunning ? null : 0;
}

function exit(code: number): void {
  process.exitCode = code;
  // Everything is closed by now; should a stray handle linger, do not hang a script on it.
  setTimeout(() => process.exit(code), 2000).unref();
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== null) exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`${errorLine(error)}\n`);
    exit(error instanceof UsageError ? 2 : 1);
  },
);
