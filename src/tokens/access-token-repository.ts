import type { Kysely } from 'kysely';
import type { AccessTokenRow, Database, TokenKindColumn } from '../db/schema.js';
import type { SequenceRepository } from '../db/sequence-repository.js';
import { CompiledLookup } from '../db/compiled-query.js';

export type AccessTokenChanges = Partial<Pick<AccessTokenRow, 'name' | 'description' | 'scopes' | 'space_ids' | 'base_ids' | 'has_full_access' | 'modified_time'>>;

/** A new token row; `grant_id` only for plugin access tokens. */
export type NewAccessToken = Omit<AccessTokenRow, 'num' | 'grant_id'> & { grant_id?: string };

/** Which tokens: of one kind, of one user, or both; neither: all. */
export interface TokenFilter {
  readonly kind?: TokenKindColumn | undefined;
  readonly userId?: string | undefined;
}

/** A token with the state of its plugin grant and of the token that authorized that grant, if any. */
type TokenWithGrant = AccessTokenRow & {
  grant_found: string | null;
  grant_revoked_time: string | null;
  grant_authorized_by: string | null;
  authorizer_found: string | null;
  authorizer_revoked_time: string | null;
  authorizer_expired_time: string | null;
};

/** A live token, with when the token that authorized its plugin grant expires (if one did). */
export type LiveToken = AccessTokenRow & { authorizer_expired_time: string | null };

/** The one token table; every kind lives here, each read through its own methods' `kind`. */
export class AccessTokenRepository {
  /** The verification path's lookups, compiled once. */
  private readonly byDigest: CompiledLookup<TokenWithGrant>;
  private readonly liveById: CompiledLookup<LiveToken>;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly sequences: SequenceRepository,
  ) {
    this.byDigest = new CompiledLookup(
      db,
      db
        .selectFrom('access_tokens')
        .leftJoin('plugin_grants', 'plugin_grants.id', 'access_tokens.grant_id')
        .leftJoin('access_tokens as authorizer', 'authorizer.id', 'plugin_grants.authorized_by')
        .selectAll('access_tokens')
        .select([
          'plugin_grants.id as grant_found',
          'plugin_grants.revoked_time as grant_revoked_time',
          'plugin_grants.authorized_by as grant_authorized_by',
          'authorizer.id as authorizer_found',
          'authorizer.revoked_time as authorizer_revoked_time',
          'authorizer.expired_time as authorizer_expired_time',
        ])
        .where('access_tokens.secret_digest', '=', ''),
    );
    this.liveById = new CompiledLookup(
      db,
      db
        .selectFrom('access_tokens')
        .leftJoin('plugin_grants', 'plugin_grants.id', 'access_tokens.grant_id')
        .leftJoin('access_tokens as authorizer', 'authorizer.id', 'plugin_grants.authorized_by')
        .selectAll('access_tokens')
        .select('authorizer.expired_time as authorizer_expired_time')
        .where('access_tokens.id', '=', '')
        .where('access_tokens.revoked_time', 'is', null)
        .where((eb) => eb.or([eb('access_tokens.grant_id', 'is', null), eb.and([eb('plugin_grants.id', 'is not', null), eb('plugin_grants.revoked_time', 'is', null)])]))
        // A grant a token authorized lives with that token.
        .where((eb) => eb.or([eb('plugin_grants.authorized_by', 'is', null), eb.and([eb('authorizer.id', 'is not', null), eb('authorizer.revoked_time', 'is', null)])])),
    );
  }

  /** Inserts the token; on `db` when given (a transaction it belongs to). */
  async insert(token: NewAccessToken, db: Kysely<Database> = this.db): Promise<AccessTokenRow> {
    const row = { ...token, num: await this.sequences.next('access_tokens', db) };
    await db.insertInto('access_tokens').values(row).execute();
    return { ...row, grant_id: token.grant_id ?? null };
  }

  /** The token with this digest, and the state of its plugin grant and of the grant's authorizer (if any): one lookup. */
  findByDigest(digest: string): Promise<TokenWithGrant | undefined> {
    return this.byDigest.first(digest);
  }

  private live(kind: TokenKindColumn) {
    return this.db.selectFrom('access_tokens').selectAll().where('kind', '=', kind).where('revoked_time', 'is', null);
  }

  findById(id: string): Promise<AccessTokenRow | undefined> {
    return this.db.selectFrom('access_tokens').selectAll().where('id', '=', id).where('revoked_time', 'is', null).executeTakeFirst();
  }

  /** A token by id that is not revoked, nor dead with its plugin grant or with the token that authorized that grant. */
  findLive(id: string): Promise<LiveToken | undefined> {
    return this.liveById.first(id);
  }

  /** A live (not revoked) token of this kind and user. */
  findOwned(kind: TokenKindColumn, id: string, userId: string): Promise<AccessTokenRow | undefined> {
    return this.live(kind).where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  }

  /** A live token of this kind by its integer key. */
  findByNum(kind: TokenKindColumn, num: number): Promise<AccessTokenRow | undefined> {
    return this.live(kind).where('num', '=', num).executeTakeFirst();
  }

  listOwned(kind: TokenKindColumn, userId: string): Promise<AccessTokenRow[]> {
    return this.live(kind).where('user_id', '=', userId).orderBy('created_time', 'desc').orderBy('id').execute();
  }

  /** The live tokens of this kind on one base (SeaTable's API tokens). */
  listOnBase(kind: TokenKindColumn, baseId: string): Promise<AccessTokenRow[]> {
    return this.live(kind).where('base_ids', '=', JSON.stringify([baseId])).orderBy('created_time').orderBy('id').execute();
  }

  private liveMatching(filter: TokenFilter) {
    let query = this.db.selectFrom('access_tokens').where('revoked_time', 'is', null);
    if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
    if (filter.userId !== undefined) query = query.where('user_id', '=', filter.userId);
    return query;
  }

  /** One page of live tokens (of one kind, of one user, or all), by integer key, with their count. */
  async page(filter: TokenFilter, offset: number, limit: number): Promise<{ rows: AccessTokenRow[]; total: number }> {
    const rows = await this.liveMatching(filter).selectAll().orderBy('num').limit(limit).offset(offset).execute();
    return { rows, total: await this.countLive(filter) };
  }

  async countLive(filter: TokenFilter): Promise<number> {
    const row = await this.liveMatching(filter)
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Up to `limit` live tokens that match, by integer key after `afterNum` (to walk them all in batches). */
  listLive(filter: TokenFilter, afterNum: number, limit: number): Promise<AccessTokenRow[]> {
    return this.liveMatching(filter).selectAll().where('num', '>', afterNum).orderBy('num').limit(limit).execute();
  }

  async update(id: string, changes: AccessTokenChanges): Promise<void> {
    await this.db.updateTable('access_tokens').set(changes).where('id', '=', id).where('revoked_time', 'is', null).execute();
  }

  /** Swaps the secret only if it is still the one read before (one conditional statement). */
  async rotate(id: string, oldDigest: string, newDigest: string, expiredTime: string): Promise<boolean> {
    const result = await this.db
      .updateTable('access_tokens')
      .set({ secret_digest: newDigest, expired_time: expiredTime, modified_time: new Date().toISOString() })
      .where('id', '=', id)
      .where('secret_digest', '=', oldDigest)
      .where('revoked_time', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Revokes the token if it is live; false when it was not. */
  async revoke(id: string, at: string): Promise<boolean> {
    const result = await this.db.updateTable('access_tokens').set({ revoked_time: at }).where('id', '=', id).where('revoked_time', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** How many tokens of each kind are live, expired or revoked at `now` (for the metrics). */
  async countStates(now: string): Promise<{ kind: string; state: 'live' | 'expired' | 'revoked'; count: number }[]> {
    const rows = await this.db
      .selectFrom('access_tokens')
      .select((eb) => [
        'kind',
        eb.case().when('revoked_time', 'is not', null).then('revoked').when('expired_time', '<=', now).then('expired').else('live').end().as('state'),
        eb.fn.countAll<string | number>().as('count'),
      ])
      .groupBy(['kind', 'state'])
      .execute();
    return rows.map((r) => ({ kind: r.kind, state: r.state as 'live' | 'expired' | 'revoked', count: Number(r.count) }));
  }

  async setLastUsed(ids: readonly string[], at: string): Promise<void> {
    for (let i = 0; i < ids.length; i += 500) {
      await this.db.updateTable('access_tokens').set({ last_used_time: at }).where('id', 'in', ids.slice(i, i + 500)).execute();
    }
  }
}
