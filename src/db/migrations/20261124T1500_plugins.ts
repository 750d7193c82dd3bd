import type { Kysely } from 'kysely';

// Plugins (Teable, seed 002): registrations, installs in bases, single-use authorization codes,
// grants (one per code exchange: the family of its access and refresh tokens), refresh tokens.
// Plugin access tokens live in access_tokens like every other token, tied to their grant.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('plugins')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('logo', 'text')
    .addColumn('url', 'text')
    .addColumn('positions', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('secret_digest', 'text', (c) => c.notNull().unique())
    .addColumn('created_time', 'text', (c) => c.notNull())
    .addColumn('last_modified_time', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('plugins_owner_idx').on('plugins').column('owner_id').execute();

  await db.schema
    .createTable('plugin_installs')
    .addColumn('base_id', 'text', (c) => c.notNull().references('bases.id').onDelete('cascade'))
    .addColumn('plugin_id', 'text', (c) => c.notNull().references('plugins.id').onDelete('cascade'))
    .addColumn('installed_by', 'text', (c) => c.notNull())
    .addColumn('created_time', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('plugin_installs_pk', ['base_id', 'plugin_id'])
    .execute();

  await db.schema
    .createTable('plugin_auth_codes')
    .addColumn('code_digest', 'text', (c) => c.primaryKey())
    .addColumn('plugin_id', 'text', (c) => c.notNull().references('plugins.id').onDelete('cascade'))
    .addColumn('base_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('code_challenge', 'text')
    .addColumn('max_scopes', 'text')
    .addColumn('expires_time', 'text', (c) => c.notNull())
    .addColumn('used_time', 'text')
    .addColumn('created_time', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('plugin_grants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plugin_id', 'text', (c) => c.notNull().references('plugins.id').onDelete('cascade'))
    .addColumn('base_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('created_time', 'text', (c) => c.notNull())
    .addColumn('revoked_time', 'text')
    .execute();
  await db.schema.createIndex('plugin_grants_plugin_base_idx').on('plugin_grants').columns(['plugin_id', 'base_id']).execute();

  await db.schema
    .createTable('plugin_refresh_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('grant_id', 'text', (c) => c.notNull().references('plugin_grants.id').onDelete('cascade'))
    .addColumn('secret_digest', 'text', (c) => c.notNull().unique())
    .addColumn('expires_time', 'text', (c) => c.notNull())
    .addColumn('used_time', 'text')
    .addColumn('created_time', 'text', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('access_tokens').addColumn('grant_id', 'text').execute();
  await db.schema.createIndex('access_tokens_grant_idx').on('access_tokens').column('grant_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('access_tokens_grant_idx').execute();
  await db.schema.alterTable('access_tokens').dropColumn('grant_id').execute();
  for (const table of ['plugin_refresh_tokens', 'plugin_grants', 'plugin_auth_codes', 'plugin_installs', 'plugins']) {
    await db.schema.dropTable(table).execute();
  }
}
