// `tessera audit tail [--limit N] [--follow]`: the latest events of the audit log, anyone's, oldest
// first; with --follow, new ones every second until SIGINT or SIGTERM.
import { setTimeout as sleep } from 'node:timers/promises';
import type { AuditView } from '../audit/audit-log.js';
import { actionError, integerOption, parse } from './args.js';
import type { Command } from './command.js';
import { result } from './output.js';

const HELP = `usage: tessera audit tail [--limit N] [--follow] [--json]

  tail      the latest events of the audit log, anyone's, oldest first: time,
            action, count (failed authentications are counted per credential,
            address and hour), whose account, which credential, who acted, from
            where, and the details; never a secret

options:
  --limit N     how many of the latest events (default 20, at most 10000)
  --follow      keep printing new events every second until SIGINT (Ctrl-C) or
                SIGTERM
  --json        JSON: an array; with --follow one event per line (JSON lines)
  -h, --help    show this help

examples:
  tessera audit tail --limit 50
  tessera audit tail --follow --json | jq .action`;

/** How far back each poll looks again: failed authentications are written up to a second late. */
const OVERLAP_MS = 5000;
const POLL_MS = 1000;
const BATCH = 1000;

function line(e: AuditView): string {
  const parts = [e.time, e.action];
  if (e.count > 1) parts.push(`x${e.count} (last ${e.lastTime})`);
  if (e.userId !== null) parts.push(`user=${e.userId}`);
  if (e.credentialId !== null || e.credentialKind !== null) parts.push(`credential=${e.credentialKind ?? '?'}:${e.credentialId ?? '-'}`);
  if (e.actorId !== null && e.actorId !== e.userId) parts.push(`actor=${e.actorId}`);
  if (e.address !== null) parts.push(`from=${e.address}`);
  if (e.userAgent !== null) parts.push(`agent=${JSON.stringify(e.userAgent)}`);
  if (e.detail !== null) parts.push(JSON.stringify(e.detail));
  return parts.join('  ');
}

export const auditCommand: Command = {
  name: 'audit',
  summary: 'show the latest audit events, or follow them',
  help: HELP,
  async run(argv) {
    const [action, ...rest] = argv;
    if (action !== 'tail') {
      throw actionError('audit', action, ['tail']);
    }
    const { values } = parse('audit tail', rest, { limit: { type: 'string' }, follow: { type: 'boolean' } }, { min: 0, max: 0, names: '' });
    const limit = integerOption('audit tail', 'limit', values.limit, 20, 1, 10_000);
    const json = values.json === true;
    const { withServices } = await import('./store.js');
    await withServices(async (services) => {
      const latest = await services.audit.latest(limit);
      if (values.follow !== true) {
        result(json, latest, () => latest.map(line));
        return;
      }
      const print = (e: AuditView): void => void process.stdout.write(`${json ? JSON.stringify(e) : line(e)}\n`);
      latest.forEach(print);
      const stop = new AbortController();
      const onSignal = (): void => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      // Events printed, or older than the newest printed, that a later poll may see again (by id, with their time).
      const seen = new Map(latest.map((e) => [e.id, e.time]));
      let newest = latest.at(-1)?.time ?? new Date().toISOString();
      const windowStart = (): string => new Date(Date.parse(newest) - OVERLAP_MS).toISOString();
      for (const e of await services.audit.since(windowStart(), BATCH)) if (e.time <= newest) seen.set(e.id, e.time);
      try {
        while (!stop.signal.aborted) {
          await sleep(POLL_MS, undefined, { signal: stop.signal }).catch(() => undefined);
          if (stop.signal.aborted) break;
          let from = windowStart();
          for (;;) {
            const batch = await services.audit.since(from, BATCH);
            for (const e of batch) {
              if (seen.has(e.id)) continue;
              print(e);
              seen.set(e.id, e.time);
              if (e.time > newest) newest = e.time;
            }
            // A full batch: read on from its last time (unless a whole batch shares one time).
            if (batch.length < BATCH || batch.at(-1)!.time === from) break;
            from = batch.at(-1)!.time;
          }
          const forgetBefore = windowStart();
          for (const [id, time] of seen) if (time < forgetBefore) seen.delete(id);
        }
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
  },
};
