// What the commands print: results on stdout, for people (lines, aligned tables) or, with --json,
// as one JSON document; progress and the one-line error on stderr, each line `tessera: ...`.
import { ConfigError } from '../config.js';

/** A command's result: JSON for --json, else the lines for a person. */
export function result(json: boolean, data: unknown, human: () => readonly string[]): void {
  if (json) process.stdout.write(`${JSON.stringify(data)}\n`);
  else for (const line of human()) process.stdout.write(`${line}\n`);
}

/** Rows under a header, each column as wide as its widest cell. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)];
}

/** A progress or warning line on stderr. */
export function note(text: string): void {
  process.stderr.write(`tessera: ${text}\n`);
}

/** Reports progress every `every` items (and not in between). */
export function progressEvery(every: number, say: (done: number, total?: number) => string): (done: number, total?: number) => void {
  return (done, total) => {
    if (done % every === 0) note(say(done, total));
  };
}

/** Any error as the one line a failed command prints: `tessera: <what went wrong>`. */
export function errorLine(error: unknown): string {
  const message = error instanceof ConfigError ? `configuration error: ${error.message}` : error instanceof Error ? error.message : String(error);
  return `tessera: ${message.replace(/\s*\n\s*/g, ' ')}`;
}

/** An optional value for a person: a dash when absent. */
export const orDash = (value: string | null | undefined): string => (value === null || value === undefined || value === '' ? '-' : value);
