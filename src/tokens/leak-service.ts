// Leak reports (POST /api/token-leaks), as a secret-scanning partner sends them: every live
// Tessera secret in the list is killed at once and the kill is audited with where it was found,
// so that its owner sees it. The reporter learns nothing about which ones were real.
import type { AuditLog, Origin } from '../audit/audit-log.js';
import { digestSecret } from '../crypto/digest.js';
import { parseToken } from '../crypto/token-format.js';
import type { Revocation } from './revocation.js';

export interface LeakReport {
  readonly tokens: readonly string[];
  /** Where the tokens were found (a URL), and by what (a scanner's name); both optional. */
  readonly url?: string | undefined;
  readonly source?: string | undefined;
}

export class LeakService {
  constructor(
    private readonly revocation: Revocation,
    private readonly audit: AuditLog,
  ) {}

  /** Kills every live secret in the report; returns nothing that tells real from fake. */
  async report(report: LeakReport, origin: Origin): Promise<void> {
    const where = { by: 'leak_report', url: report.url ?? null, source: report.source ?? null };
    let revoked = 0;
    for (const secret of new Set(report.tokens)) {
      const kind = parseToken(secret);
      if (kind !== null && (await this.revocation.byDigest(kind, digestSecret(secret), origin, { detail: where }))) revoked++;
    }
    await this.audit.record(origin, { action: 'leak.report', detail: { ...where, reported: report.tokens.length, revoked } });
  }
}
