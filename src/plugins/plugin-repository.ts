import type { Kysely } from 'kysely';
import type { Database, PluginInstallRow, PluginRow } from '../db/schema.js';

export type PluginChanges = Partial<Pick<PluginRow, 'name' | 'description' | 'logo' | 'url' | 'positions' | 'scopes' | 'secret_digest' | 'last_modified_time'>>;

/** Plugin registrations and their installs in bases. */
export class PluginRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: PluginRow): Promise<void> {
    await this.db.insertInto('plugins').values(row).execute();
  }

  findById(id: string): Promise<PluginRow | undefined> {
    return this.db.selectFrom('plugins').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findBySecretDigest(digest: string): Promise<PluginRow | undefined> {
    return this.db.selectFrom('plugins').selectAll().where('secret_digest', '=', digest).executeTakeFirst();
  }

  listOwned(ownerId: string): Promise<PluginRow[]> {
    return this.db.selectFrom('plugins').selectAll().where('owner_id', '=', ownerId).orderBy('created_time').orderBy('id').execute();
  }

  async update(id: string, changes: PluginChanges): Promise<void> {
    await this.db.updateTable('plugins').set(changes).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('plugins').where('id', '=', id).execute();
  }

  /** Installs the plugin in the base; false when it already is. */
  async install(row: PluginInstallRow): Promise<boolean> {
    const result = await this.db
      .insertInto('plugin_installs')
      .values(row)
      .onConflict((oc) => oc.columns(['base_id', 'plugin_id']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
  }

  findInstall(baseId: string, pluginId: string): Promise<PluginInstallRow | undefined> {
    return this.db.selectFrom('plugin_installs').selectAll().where('base_id', '=', baseId).where('plugin_id', '=', pluginId).executeTakeFirst();
  }

  async uninstall(baseId: string, pluginId: string): Promise<boolean> {
    const result = await this.db.deleteFrom('plugin_installs').where('base_id', '=', baseId).where('plugin_id', '=', pluginId).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }
}
