import { sql, type Kysely } from 'kysely';

// A SeaTable API token's app name is unique among the live tokens of its base. The service checked
// it before inserting, which two simultaneous creations could both pass (seen on PostgreSQL); the
// index makes the store refuse the second. Live duplicates made by that race before this migration
// keep working and get a suffix, " (2)", " (3)", ..., so that each can still be addressed by name.
export async function up(db: Kysely<unknown>): Promise<void> {
  const live = db as unknown as Kysely<{ access_tokens: { id: string; kind: string; base_ids: string | null; name: string; revoked_time: string | null; created_time: string } }>;
  const rows = await live
    .selectFrom('access_tokens')
    .select(['id', 'base_ids', 'name'])
    .where('kind', '=', 'base_api_token')
    .where('revoked_time', 'is', null)
    .orderBy('created_time')
    .orderBy('id')
    .execute();
  const taken = new Set(rows.map((row) => `${row.base_ids}\n${row.name}`));
  const seen = new Set<string>();
  for (const row of rows) {
    const key = `${row.base_ids}\n${row.name}`;
    if (!seen.has(key)) {
      seen.add(key);
      continue;
    }
    let n = 2;
    while (taken.has(`${row.base_ids}\n${row.name} (${n})`)) n++;
    const name = `${row.name} (${n})`;
    taken.add(`${row.base_ids}\n${name}`);
    await live.updateTable('access_tokens').set({ name }).where('id', '=', row.id).execute();
  }
  await db.schema
    .createIndex('access_tokens_api_token_name_uq')
    .on('access_tokens')
    .columns(['base_ids', 'name'])
    .unique()
    .where(sql.ref('kind'), '=', 'base_api_token')
    .where(sql.ref('revoked_time'), 'is', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('access_tokens_api_token_name_uq').execute();
}
