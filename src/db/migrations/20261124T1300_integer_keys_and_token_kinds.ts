import { sql, type Kysely } from 'kysely';

// Integer alternate keys (the AWX family shows integer ids), token kinds in the one token table,
// and a modification time on tokens. Existing rows are numbered in creation order.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sequences')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'integer', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('users').addColumn('num', 'integer').execute();
  await sql`UPDATE users SET num = (SELECT COUNT(*) FROM users AS u2 WHERE u2.created_time < users.created_time OR (u2.created_time = users.created_time AND u2.id <= users.id))`.execute(db);
  await db.schema.createIndex('users_num_uq').on('users').column('num').unique().execute();

  await db.schema.alterTable('access_tokens').addColumn('kind', 'text', (c) => c.notNull().defaultTo('personal_access_token')).execute();
  await db.schema.alterTable('access_tokens').addColumn('num', 'integer').execute();
  await db.schema.alterTable('access_tokens').addColumn('modified_time', 'text').execute();
  await sql`UPDATE access_tokens SET modified_time = created_time, num = (SELECT COUNT(*) FROM access_tokens AS t2 WHERE t2.created_time < access_tokens.created_time OR (t2.created_time = access_tokens.created_time AND t2.id <= access_tokens.id))`.execute(db);
  await db.schema.createIndex('access_tokens_num_uq').on('access_tokens').column('num').unique().execute();
  await db.schema.createIndex('access_tokens_user_kind_idx').on('access_tokens').columns(['user_id', 'kind']).execute();

  await sql`INSERT INTO sequences (name, value) SELECT 'users', COALESCE(MAX(num), 0) FROM users`.execute(db);
  await sql`INSERT INTO sequences (name, value) SELECT 'access_tokens', COALESCE(MAX(num), 0) FROM access_tokens`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('access_tokens_user_kind_idx').execute();
  await db.schema.dropIndex('access_tokens_num_uq').execute();
  await db.schema.alterTable('access_tokens').dropColumn('modified_time').execute();
  await db.schema.alterTable('access_tokens').dropColumn('num').execute();
  await db.schema.alterTable('access_tokens').dropColumn('kind').execute();
  await db.schema.dropIndex('users_num_uq').execute();
  await db.schema.alterTable('users').dropColumn('num').execute();
  await db.schema.dropTable('sequences').execute();
}
