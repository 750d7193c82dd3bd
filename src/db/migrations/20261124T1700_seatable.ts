import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

// SeaTable family (seed 004): integer workspace ids for spaces, a `dtable_uuid` for bases whose
// names become unique within their space (the SeaTable API addresses a base by name), session
// kinds (browser cookie or account token), the JWT signing keys, and share links.
interface Legacy {
  bases: { id: string; space_id: string; name: string; uuid: string | null; num: number | null; created_time: string };
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('spaces').addColumn('num', 'integer').execute();
  await sql`UPDATE spaces SET num = (SELECT COUNT(*) FROM spaces AS s2 WHERE s2.created_time < spaces.created_time OR (s2.created_time = spaces.created_time AND s2.id <= spaces.id))`.execute(db);
  await db.schema.createIndex('spaces_num_uq').on('spaces').column('num').unique().execute();
  await sql`INSERT INTO sequences (name, value) SELECT 'spaces', COALESCE(MAX(num), 0) FROM spaces`.execute(db);

  await db.schema.alterTable('bases').addColumn('uuid', 'text').execute();
  await db.schema.alterTable('bases').addColumn('num', 'integer').execute();
  const legacy = db as unknown as Kysely<Legacy>;
  const bases = await legacy.selectFrom('bases').select(['id', 'space_id', 'name']).orderBy('created_time').orderBy('id').execute();
  const taken = new Set<string>();
  for (const [index, base] of bases.entries()) {
    let name = base.name;
    for (let n = 2; taken.has(`${base.space_id}/${name}`); n++) name = `${base.name} (${n})`;
    taken.add(`${base.space_id}/${name}`);
    await legacy.updateTable('bases').set({ name, uuid: randomUUID().replaceAll('-', ''), num: index + 1 }).where('id', '=', base.id).execute();
  }
  await sql`INSERT INTO sequences (name, value) SELECT 'bases', COALESCE(MAX(num), 0) FROM bases`.execute(db);
  await db.schema.createIndex('bases_num_uq').on('bases').column('num').unique().execute();
  await db.schema.createIndex('bases_uuid_uq').on('bases').column('uuid').unique().execute();
  await db.schema.createIndex('bases_space_name_uq').on('bases').columns(['space_id', 'name']).unique().execute();

  await db.schema.alterTable('sessions').addColumn('kind', 'text', (c) => c.notNull().defaultTo('cookie')).execute();

  await db.schema
    .createTable('jwt_keys')
    .addColumn('kid', 'text', (c) => c.primaryKey())
    .addColumn('alg', 'text', (c) => c.notNull())
    .addColumn('public_jwk', 'text', (c) => c.notNull())
    /** The private key, encrypted (AES-256-GCM) under the instance secret; never in clear. */
    .addColumn('private_jwk_sealed', 'text', (c) => c.notNull())
    .addColumn('created_time', 'text', (c) => c.notNull())
    .addColumn('retired_time', 'text')
    .execute();

  await db.schema
    .createTable('share_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('base_id', 'text', (c) => c.notNull().references('bases.id').onDelete('cascade'))
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('secret_digest', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text')
    .addColumn('expire_time', 'text')
    .addColumn('created_time', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('share_links_base_idx').on('share_links').column('base_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('share_links').execute();
  await db.schema.dropTable('jwt_keys').execute();
  await db.schema.alterTable('sessions').dropColumn('kind').execute();
  await db.schema.dropIndex('bases_space_name_uq').execute();
  await db.schema.dropIndex('bases_uuid_uq').execute();
  await db.schema.dropIndex('bases_num_uq').execute();
  await db.schema.alterTable('bases').dropColumn('uuid').execute();
  await db.schema.alterTable('bases').dropColumn('num').execute();
  await sql`DELETE FROM sequences WHERE name = 'bases'`.execute(db);
  await sql`DELETE FROM sequences WHERE name = 'spaces'`.execute(db);
  await db.schema.dropIndex('spaces_num_uq').execute();
  await db.schema.alterTable('spaces').dropColumn('num').execute();
}
