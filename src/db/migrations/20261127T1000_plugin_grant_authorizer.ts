import type { Kysely } from 'kysely';

// A plugin authorized by a token (not by a person signed in) is bound to that token: the code and
// the grant it makes name it (`authorized_by`, the token's id), and the grant's tokens die with it
// (revoked, deleted or expired). Null for a grant a person made, and for the grants made before.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('plugin_auth_codes').addColumn('authorized_by', 'text').execute();
  await db.schema.alterTable('plugin_grants').addColumn('authorized_by', 'text').execute();
  await db.schema.createIndex('plugin_grants_authorized_by_idx').on('plugin_grants').column('authorized_by').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('plugin_grants_authorized_by_idx').execute();
  await db.schema.alterTable('plugin_grants').dropColumn('authorized_by').execute();
  await db.schema.alterTable('plugin_auth_codes').dropColumn('authorized_by').execute();
}
