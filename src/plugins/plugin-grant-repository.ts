import type { Kysely } from 'kysely';
import type { Dialect } from '../db/database.js';
import { isForeignKeyViolation } from '../db/store-errors.js';
import type { AccessTokenRow, Database, PluginAuthCodeRow, PluginGrantRow, PluginRefreshTokenRow } from '../db/schema.js';
import type { NewAccessToken } from '../tokens/access-token-repository.js';

export interface RefreshWithGrant {
  refresh: PluginRefreshTokenRow;
  grant: PluginGrantRow;
  /** The state of the token that authorized the grant, if a token did. */
  authorizer: AuthorizerState;
}

/** The token a grant was authorized by, as read with it: null columns when it is gone. */
export interface AuthorizerState {
  readonly authorizedBy: string | null;
  readonly found: string | null;
  readonly revokedTime: string | null;
  readonly expiredTime: string | null;
}

/**
 * Whether a grant's authorizer still stands: a grant a person made always does; one a token made
 * only while that token is neither revoked, deleted nor expired.
 */
export function authorizerStands(state: AuthorizerState, now: number): boolean {
  if (state.authorizedBy === null) return true;
  return state.found !== null && state.revokedTime === null && state.expiredTime !== null && Date.parse(state.expiredTime) > now;
}

/**
 * Authorization codes, grants (token families) and refresh tokens. Every single-use step is one
 * conditional UPDATE ... RETURNING, atomic on both dialects and under concurrency.
 */
export class PluginGrantRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    /** Inserts an access token row on `db` (the transaction it belongs to). */
    private readonly insertAccessToken: (row: NewAccessToken, db: Kysely<Database>) => Promise<AccessTokenRow>,
  ) {}

  async insertCode(row: PluginAuthCodeRow): Promise<void> {
    await this.db.insertInto('plugin_auth_codes').values(row).execute();
  }

  /** Marks the code used and returns it, if it was unused; at most one caller ever gets it. On `db` when given (a transaction it belongs to). */
  consumeCode(digest: string, at: string, db: Kysely<Database> = this.db): Promise<PluginAuthCodeRow | undefined> {
    return db
      .updateTable('plugin_auth_codes')
      .set({ used_time: at })
      .where('code_digest', '=', digest)
      .where('used_time', 'is', null)
      .returningAll()
      .executeTakeFirst();
  }

  /**
   * Redeems a code presented to a plugin for a base: marks it used (if it was unused: at most one
   * caller ever gets it) and, if `decide` accepts it (a code of that plugin and base) and the
   * plugin still has this secret and is still installed in the base,
   * makes the grant with its first refresh and access tokens. All in one transaction: a failure
   * (the store lost mid-way) leaves the code unused and nothing made, never a spent code without
   * its tokens, nor a grant without its access token. A code `decide` refuses, or one whose
   * plugin changed meanwhile, stays spent.
   */
  async redeemCode<R>(
    pluginId: string,
    baseId: string,
    codeDigest: string,
    at: string,
    secretDigest: string,
    decide: (code: PluginAuthCodeRow) => { refused: R } | { grant: PluginGrantRow; access: NewAccessToken; refresh: PluginRefreshTokenRow },
  ): Promise<{ outcome: 'unknown' } | { outcome: 'refused'; refusal: R } | { outcome: 'changed' } | { outcome: 'made' }> {
    return this.db
      .transaction()
      .execute(async (tx) => {
        // On PostgreSQL the plugin and install rows are share-locked until the grant commits, so
        // a regeneration, uninstall or deletion either waits for it (and then revokes it) or has
        // already happened (and the grant is not made). SQLite runs one writer at a time anyway.
        // They are locked before the code, in the order a deletion of the plugin takes them
        // (plugin, then its codes): the other order deadlocks with it.
        const lock = <Q extends { forShare(): Q }>(query: Q): Q => (this.dialect === 'postgres' ? query.forShare() : query);
        const plugin = await lock(tx.selectFrom('plugins').select('secret_digest').where('id', '=', pluginId)).executeTakeFirst();
        const install = await lock(tx.selectFrom('plugin_installs').select('plugin_id').where('plugin_id', '=', pluginId).where('base_id', '=', baseId)).executeTakeFirst();
        const code = await this.consumeCode(codeDigest, at, tx);
        if (!code) return { outcome: 'unknown' as const };
        const decision = decide(code);
        if ('refused' in decision) return { outcome: 'refused' as const, refusal: decision.refused };
        const { grant, access, refresh } = decision;
        if (!plugin || plugin.secret_digest !== secretDigest || !install) return { outcome: 'changed' as const };
        await tx.insertInto('plugin_grants').values(grant).execute();
        await tx.insertInto('plugin_refresh_tokens').values(refresh).execute();
        await this.insertAccessToken(access, tx);
        return { outcome: 'made' as const };
      })
      // A plugin deleted between the check and the insert fails the foreign key: prevented too
      // (its codes went with it).
      .catch((error: unknown) => {
        if (isForeignKeyViolation(error)) return { outcome: 'changed' as const };
        throw error;
      });
  }

  /** A user's authorization codes that could still be exchanged. */
  unusedCodesOf(userId: string, now: string): Promise<PluginAuthCodeRow[]> {
    return this.db.selectFrom('plugin_auth_codes').selectAll().where('user_id', '=', userId).where('used_time', 'is', null).where('expires_time', '>', now).execute();
  }

  /** A user's grants (token families) that are not revoked, on any plugin and base. */
  liveGrantsOf(userId: string): Promise<PluginGrantRow[]> {
    return this.db.selectFrom('plugin_grants').selectAll().where('user_id', '=', userId).where('revoked_time', 'is', null).orderBy('created_time').execute();
  }

  findGrant(id: string): Promise<PluginGrantRow | undefined> {
    return this.db.selectFrom('plugin_grants').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findRefresh(digest: string): Promise<RefreshWithGrant | undefined> {
    return this.db
      .selectFrom('plugin_refresh_tokens')
      .innerJoin('plugin_grants', 'plugin_grants.id', 'plugin_refresh_tokens.grant_id')
      .leftJoin('access_tokens as authorizer', 'authorizer.id', 'plugin_grants.authorized_by')
      .selectAll('plugin_refresh_tokens')
      .select([
        'plugin_grants.plugin_id',
        'plugin_grants.base_id',
        'plugin_grants.user_id',
        'plugin_grants.scopes',
        'plugin_grants.authorized_by',
        'plugin_grants.created_time as grant_created_time',
        'plugin_grants.revoked_time as grant_revoked_time',
        'authorizer.id as authorizer_found',
        'authorizer.revoked_time as authorizer_revoked_time',
        'authorizer.expired_time as authorizer_expired_time',
      ])
      .where('plugin_refresh_tokens.secret_digest', '=', digest)
      .executeTakeFirst()
      .then((row) =>
        row
          ? {
              refresh: {
                id: row.id,
                grant_id: row.grant_id,
                secret_digest: row.secret_digest,
                expires_time: row.expires_time,
                used_time: row.used_time,
                created_time: row.created_time,
              },
              grant: {
                id: row.grant_id,
                plugin_id: row.plugin_id,
                base_id: row.base_id,
                user_id: row.user_id,
                scopes: row.scopes,
                authorized_by: row.authorized_by,
                created_time: row.grant_created_time,
                revoked_time: row.grant_revoked_time,
              },
              authorizer: { authorizedBy: row.authorized_by, found: row.authorizer_found, revokedTime: row.authorizer_revoked_time, expiredTime: row.authorizer_expired_time },
            }
          : undefined,
      );
  }

  /** Marks the refresh token used, if it was unused; at most one caller ever succeeds. */
  async consumeRefresh(id: string, at: string): Promise<boolean> {
    const result = await this.db
      .updateTable('plugin_refresh_tokens')
      .set({ used_time: at })
      .where('id', '=', id)
      .where('used_time', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * Rotates a refresh token: marks it used, if it was unused (at most one caller ever succeeds),
   * and adds the new pair to its grant, in one transaction: a failure leaves the old one unused
   * and no new pair, never a spent refresh token without its successor. False when it was spent.
   */
  async rotateRefresh(spentId: string, at: string, access: NewAccessToken, refresh: PluginRefreshTokenRow): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      const spent = await tx.updateTable('plugin_refresh_tokens').set({ used_time: at }).where('id', '=', spentId).where('used_time', 'is', null).executeTakeFirst();
      if (Number(spent.numUpdatedRows) !== 1) return false;
      await tx.insertInto('plugin_refresh_tokens').values(refresh).execute();
      await this.insertAccessToken(access, tx);
      return true;
    });
  }

  /**
   * Revokes the live grants that match (one grant, a plugin's grants on a base, or all of a
   * plugin's) with their access tokens. The access tokens' digests, to drop from caches, are pushed
   * to `found` inside the transaction, so that they are known even if the commit's answer is lost
   * (`forgettingFound`, src/auth/cache-invalidation.ts).
   */
  async revokeGrants(match: { grantId?: string; pluginId?: string; baseId?: string }, at: string, found: string[]): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      let grants = tx.selectFrom('plugin_grants').select('id').where('revoked_time', 'is', null);
      if (match.grantId !== undefined) grants = grants.where('id', '=', match.grantId);
      if (match.pluginId !== undefined) grants = grants.where('plugin_id', '=', match.pluginId);
      if (match.baseId !== undefined) grants = grants.where('base_id', '=', match.baseId);
      const ids = (await grants.execute()).map((g) => g.id);
      if (ids.length === 0) return;
      await tx.updateTable('plugin_grants').set({ revoked_time: at }).where('id', 'in', ids).execute();
      const tokens = await tx
        .updateTable('access_tokens')
        .set({ revoked_time: at })
        .where('grant_id', 'in', ids)
        .where('revoked_time', 'is', null)
        .returning('secret_digest')
        .execute();
      for (const token of tokens) found.push(token.secret_digest);
    });
  }
}
