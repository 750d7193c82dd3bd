import type { Kysely } from 'kysely';

// The audit log (who did what to which credential, from where; never a secret) and the admin's
// per-kind token lifetime policies.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('time', 'text', (c) => c.notNull())
    /** A coalesced event (failed authentications): when it last happened, and how often. */
    .addColumn('last_time', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_credential_id', 'text')
    /** Whose credential or account the event concerns (it shows in their log too). */
    .addColumn('user_id', 'text')
    .addColumn('credential_id', 'text')
    .addColumn('credential_kind', 'text')
    .addColumn('address', 'text')
    .addColumn('user_agent', 'text')
    /** JSON object of non-secret facts (scopes, plugin id, where a leak was found...). */
    .addColumn('detail', 'text')
    /** For coalesced events: the credential and address they are counted under. */
    .addColumn('coalesce_key', 'text')
    .execute();
  await db.schema.createIndex('audit_events_time_idx').on('audit_events').columns(['time', 'id']).execute();
  await db.schema.createIndex('audit_events_actor_idx').on('audit_events').columns(['actor_id', 'time']).execute();
  await db.schema.createIndex('audit_events_user_idx').on('audit_events').columns(['user_id', 'time']).execute();
  await db.schema.createIndex('audit_events_credential_idx').on('audit_events').columns(['credential_id', 'time']).execute();
  await db.schema.createIndex('audit_events_coalesce_idx').on('audit_events').columns(['coalesce_key', 'last_time']).execute();

  await db.schema
    .createTable('token_policies')
    .addColumn('kind', 'text', (c) => c.primaryKey())
    .addColumn('max_lifetime_days', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_time', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('token_policies').execute();
  await db.schema.dropTable('audit_events').execute();
}
