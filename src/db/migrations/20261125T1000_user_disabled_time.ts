import type { Kysely } from 'kysely';

// Disabling an account (`tessera user disable`): when it was disabled; null for an active account.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('disabled_time', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('disabled_time').execute();
}
