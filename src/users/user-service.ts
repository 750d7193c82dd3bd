// Accounts: sign-up with a policy on passwords, credential checks, the public view of a user, and
// disabling an account (no sign-in, every credential revoked) and enabling it again.
import type { AuditLog, Origin } from '../audit/audit-log.js';
import { LruCache } from '../auth/lru-cache.js';
import type { Throttle } from '../auth/throttle.js';
import type { Config } from '../config.js';
import { AppError, invalid } from '../errors.js';
import { newId } from '../crypto/ids.js';
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from '../crypto/password.js';
import type { UserRow } from '../db/schema.js';
import { conflictIfTaken } from '../db/store-errors.js';
import type { Revocation, SweepCounts } from '../tokens/revocation.js';
import type { UserRepository } from './user-repository.js';

export interface PublicUser {
  id: string;
  name: string;
  avatar: string | null;
  email: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function publicUser(user: UserRow): PublicUser {
  return { id: user.id, name: user.name, avatar: user.avatar, email: user.email };
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export class UserService {
  private readonly profiles = new LruCache<string, PublicUser>(10_000, 300_000);

  constructor(
    private readonly users: UserRepository,
    private readonly config: Pick<Config, 'signup'>,
    private readonly throttle: Throttle,
    private readonly audit: AuditLog,
    private readonly revocation: Revocation,
  ) {}

  findById(id: string): Promise<UserRow | undefined> {
    return this.users.findById(id);
  }

  /** A user by id or, when it has an `@`, by email. */
  findByIdOrEmail(idOrEmail: string): Promise<UserRow | undefined> {
    return idOrEmail.includes('@') ? this.users.findByEmail(normalizeEmail(idOrEmail)) : this.users.findById(idOrEmail);
  }

  /** Every user, oldest first, read in batches. */
  async *all(): AsyncGenerator<UserRow> {
    for (let afterNum = 0; ; ) {
      const batch = await this.users.listAfter(afterNum, 1000);
      yield* batch;
      if (batch.length < 1000) return;
      afterNum = batch.at(-1)!.num;
    }
  }

  /**
   * The public view of a user, kept in memory: `GET /api/auth/user` is what clients call to check
   * a token, and an account's id, name, email and avatar never change once made.
   */
  async profile(id: string): Promise<PublicUser | undefined> {
    let profile = this.profiles.get(id);
    if (profile === undefined) {
      const user = await this.users.findById(id);
      if (!user) return undefined;
      profile = publicUser(user);
      this.profiles.set(id, profile);
    }
    return profile;
  }

  findByNum(num: number): Promise<UserRow | undefined> {
    return this.users.findByNum(num);
  }

  /** Creates an account. `viaCli` bypasses the sign-up policy and may make an admin. */
  async create(input: { email: string; password: string; name?: string | undefined }, origin: Origin, viaCli?: { admin: boolean }): Promise<UserRow> {
    if (!viaCli && this.config.signup === 'closed') {
      throw new AppError('restricted_resource', 'sign-up is closed on this instance');
    }
    const email = normalizeEmail(input.email);
    if (!EMAIL.test(email) || email.length > 254) throw invalid('email', 'must be an email address');
    if (input.password.length < 8 || !/[A-Za-z]/.test(input.password) || !/\d/.test(input.password)) {
      throw invalid('password', 'must be at least 8 characters with a letter and a digit');
    }
    if (input.password.length > 1024) throw invalid('password', 'must be at most 1024 characters');
    const name = (input.name ?? '').trim() || email.slice(0, email.indexOf('@'));
    if (name.length > 100) throw invalid('name', 'must be at most 100 characters');
    if (await this.users.findByEmail(email)) throw new AppError('conflict', 'email: an account with this email already exists');
    const row = {
      id: newId('usr'),
      email,
      name,
      avatar: null,
      password_hash: await hashPassword(input.password),
      created_time: new Date().toISOString(),
    };
    const user = await conflictIfTaken(
      () => this.users.insert(row, viaCli?.admin ?? false),
      () => new AppError('conflict', 'email: an account with this email already exists'),
    );
    await this.audit.record(origin, { action: 'user.create', actor: { userId: user.id, credentialId: null }, detail: { email, admin: user.is_admin === 1, via: viaCli ? 'cli' : 'signup' } });
    return user;
  }

  /**
   * Disables the account: it can no longer sign in (refused like a wrong password), and every
   * credential it holds is revoked (see Revocation.everythingOf), each revocation audited with
   * `detail`. Disabling an account that is disabled already sweeps again: whatever a credential
   * did while another process still trusted its cached verdict is revoked too.
   */
  async disable(user: UserRow, origin: Origin, detail: Readonly<Record<string, string>>, onProgress?: (done: number) => void): Promise<{ disabledTime: string; already: boolean; revoked: SweepCounts }> {
    const at = new Date().toISOString();
    const already = !(await this.users.setDisabled(user.id, at));
    this.profiles.delete(user.id);
    const revoked = await this.revocation.everythingOf(user.id, origin, { detail: { ...detail, reason: 'user_disabled' } }, onProgress);
    await this.audit.record(origin, { action: 'user.disable', userId: user.id, detail: { ...detail, email: user.email, already, ...revoked } });
    return { disabledTime: already ? (user.disabled_time ?? at) : at, already, revoked };
  }

  /**
   * Lets a disabled account sign in again. What disabling revoked stays revoked (its tokens are
   * made anew; its plugins' secrets regenerated by their owner). False when it was not disabled.
   */
  async enable(user: UserRow, origin: Origin, detail: Readonly<Record<string, string>>): Promise<boolean> {
    if (!(await this.users.setDisabled(user.id, null))) return false;
    await this.audit.record(origin, { action: 'user.enable', userId: user.id, detail: { ...detail, email: user.email } });
    return true;
  }

  /**
   * The active user whose email and password match, or null; spends the same time either way. Failed
   * attempts on one account are limited (429 past the limit, whatever the password), and audited.
   */
  async checkPassword(email: string, password: string, origin: Origin): Promise<UserRow | null> {
    const account = normalizeEmail(email);
    await this.throttle.assertOpen('failed_signin', account);
    const user = await this.users.findByEmail(account);
    const ok = await verifyPassword(password, user?.password_hash ?? (await DUMMY_PASSWORD_HASH));
    // A disabled account is refused exactly like a wrong password; only the audit log says why.
    if (user && ok && user.disabled_time === null) return user;
    await this.throttle.record('failed_signin', account);
    // Keyed by the account's id, never by what was typed (it may be a pasted secret); the right
    // password of a disabled account is counted apart, so that the log tells the two apart.
    const disabled = user !== undefined && ok;
    const key = `${disabled ? 'disabled-account' : 'account'}:${user?.id ?? 'unknown'}`;
    this.audit.failure(origin, { key, credentialId: null, userId: user?.id ?? null, kind: 'password', reason: disabled ? 'account_disabled' : 'credentials_invalid' });
    return null;
  }
}
