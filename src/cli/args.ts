// Parsing a command's arguments (node:util parseArgs, strict): its options, its positionals, and
// usage errors (exit code 2) in one line that names the command.
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Wrong usage: unknown command or option, missing or extra argument, a value out of range. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The usage error for a command's missing or unknown action, naming the actions it has. */
export function actionError(command: string, action: string | undefined, actions: readonly string[]): UsageError {
  const choices = actions.length > 1 ? `${actions.slice(0, -1).join(', ')} or ${actions.at(-1)}` : actions[0];
  return new UsageError(`${command}: ${action === undefined ? 'missing action' : `unknown action "${action}"`}: ${choices} (see tessera ${command} --help)`);
}

/** `--json` and `--help`, which every command takes. */
export const COMMON_OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

/** What parseArgs says, in one line: "unknown option --x", "option --id needs a value". */
function usageMessage(error: Error & { code?: string }): string {
  const option = /'(-[^' ]+)/.exec(error.message)?.[1];
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option}`;
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) return `option ${option} needs a value`;
  return error.message.split('\n')[0]!;
}

/**
 * Parses `argv` for `command` (its name in messages, e.g. "token revoke") with its options and
 * between `min` and `max` positionals.
 */
export function parse<T extends Options>(command: string, argv: readonly string[], options: T, positionals: { min: number; max: number; names: string }) {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: { ...COMMON_OPTIONS, ...options }, strict: true, allowPositionals: true });
  } catch (error) {
    const message = error instanceof Error ? usageMessage(error) : String(error);
    throw new UsageError(`${command}: ${message} (see tessera ${command.split(' ')[0]} --help)`);
  }
  const count = parsed.positionals.length;
  if (count < positionals.min) throw new UsageError(`${command}: missing ${positionals.names} (see tessera ${command.split(' ')[0]} --help)`);
  if (count > positionals.max) throw new UsageError(`${command}: unexpected argument "${parsed.positionals[positionals.max]}" (see tessera ${command.split(' ')[0]} --help)`);
  return parsed;
}

/** A whole number option within [min, max], or `fallback` when absent. */
export function integerOption(command: string, name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= min && value <= max)) throw new UsageError(`${command}: --${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return value;
}

/** One of `allowed`, or undefined when absent. */
export function choiceOption<T extends string>(command: string, name: string, raw: string | undefined, allowed: readonly T[]): T | undefined {
  if (raw === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(raw)) throw new UsageError(`${command}: --${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}
