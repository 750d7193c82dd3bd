import type { Kysely } from 'kysely';
import type { AccessTokenRow, Database, PluginAuthCodeRow, PluginGrantRow, PluginRefreshTokenRow } from '../db/schema.js';
import type { NewAccessToken } from '../tokens/access-token-repository.js';

export interface RefreshWithGrant {
  refresh: PluginRefreshTokenRow;
  grant: PluginGrantRow;
}

/**
 * Authorization codes, grants (token families) and refresh tokens. Every single-use step is one
 * conditional UPDATE ... RETURNING, atomic on both dialects and under concurrency.
 */
export class PluginGrantRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly insertAccessToken: (row: NewAccessToken) => Promise<AccessTokenRow>,
  ) {}

  async insertCode(row: PluginAuthCodeRow): Promise<void> {
    await this.db.insertInto('plugin_auth_codes').values(row).execute();
  }

  /** Marks the code used and returns it, if it was unused; at most one caller ever gets it. */
  consumeCode(digest: string, at: string): Promise<PluginAuthCodeRow | undefined> {
    return this.db
      .updateTable('plugin_auth_codes')
      .set({ used_time: at })
      .where('code_digest', '=', digest)
      .where('used_time', 'is', null)
      .returningAll()
      .executeTakeFirst();
  }

  /** A grant with its first access and refresh tokens, all or nothing. */
  async createGrant(grant: PluginGrantRow, access: NewAccessToken, refresh: PluginRefreshTokenRow): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.insertInto('plugin_grants').values(grant).execute();
      await tx.insertInto('plugin_refresh_tokens').values(refresh).execute();
    });
    await this.insertAccessToken(access);
  }

  findRefresh(digest: string): Promise<RefreshWithGrant | undefined> {
    return this.db
      .selectFrom('plugin_refresh_tokens')
      .innerJoin('plugin_grants', 'plugin_grants.id', 'plugin_refresh_tokens.grant_id')
      .selectAll('plugin_refresh_tokens')
      .select([
        'plugin_grants.plugin_id',
        'plugin_grants.base_id',
        'plugin_grants.user_id',
        'plugin_grants.scopes',
        'plugin_grants.created_time as grant_created_time',
        'plugin_grants.revoked_time as grant_revoked_time',
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
                created_time: row.grant_created_time,
                revoked_time: row.grant_revoked_time,
              },
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

  async addToGrant(access: NewAccessToken, refresh: PluginRefreshTokenRow): Promise<void> {
    await this.db.insertInto('plugin_refresh_tokens').values(refresh).execute();
    await this.insertAccessToken(access);
  }

  /**
   * Revokes the live grants that match (one grant, a plugin's grants on a base, or all of a
   * plugin's) with their access tokens; returns the access tokens' digests, to drop from caches.
   */
  async revokeGrants(match: { grantId?: string; pluginId?: string; baseId?: string }, at: string): Promise<string[]> {
    return this.db.transaction().execute(async (tx) => {
      let grants = tx.selectFrom('plugin_grants').select('id').where('revoked_time', 'is', null);
      if (match.grantId !== undefined) grants = grants.where('id', '=', match.grantId);
      if (match.pluginId !== undefined) grants = grants.where('plugin_id', '=', match.pluginId);
      if (match.baseId !== undefined) grants = grants.where('base_id', '=', match.baseId);
      const ids = (await grants.execute()).map((g) => g.id);
      if (ids.length === 0) return [];
      await tx.updateTable('plugin_grants').set({ revoked_time: at }).where('id', 'in', ids).execute();
      const tokens = await tx
        .updateTable('access_tokens')
        .set({ revoked_time: at })
        .where('grant_id', 'in', ids)
        .where('revoked_time', 'is', null)
        .returning('secret_digest')
        .execute();
      return tokens.map((t) => t.secret_digest);
    });
  }
}
