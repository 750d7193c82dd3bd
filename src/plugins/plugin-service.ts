// Plugin registrations (owned by a person) and their installs in bases.
import type { AuditLog, Origin } from '../audit/audit-log.js';
import { isAction, PLUGIN_ACTIONS } from '../auth/actions.js';
import { forgettingFound } from '../auth/cache-invalidation.js';
import { isPerson, type Principal } from '../auth/principal.js';
import type { BaseService } from '../bases/base-service.js';
import { digestSecret } from '../crypto/digest.js';
import { newId } from '../crypto/ids.js';
import { generateToken } from '../crypto/token-format.js';
import type { PluginInstallRow, PluginRow } from '../db/schema.js';
import { AppError, invalid, notFound } from '../errors.js';
import type { PluginGrantRepository } from './plugin-grant-repository.js';
import type { PluginChanges, PluginRepository } from './plugin-repository.js';

export const PLUGIN_POSITIONS = ['dashboard', 'view', 'contextMenu', 'panel'] as const;

export interface PluginInput {
  name?: string | undefined;
  description?: string | undefined;
  logo?: string | undefined;
  url?: string | undefined;
  positions?: string[] | undefined;
  scopes?: string[] | undefined;
}

function checkScopes(scopes: string[]): string[] {
  if (scopes.length === 0) throw invalid('scopes', 'must name at least one scope');
  for (const scope of scopes) {
    if (!isAction(scope) || !PLUGIN_ACTIONS.has(scope)) {
      throw invalid('scopes', `"${scope}" is not a scope a plugin may hold (${[...PLUGIN_ACTIONS].join(', ')})`);
    }
  }
  return [...new Set(scopes)];
}

function checkPositions(positions: string[]): string[] {
  const unknown = positions.find((p) => !(PLUGIN_POSITIONS as readonly string[]).includes(p));
  if (unknown !== undefined) throw invalid('positions', `"${unknown}" is not one of ${PLUGIN_POSITIONS.join(', ')}`);
  return [...new Set(positions)];
}

function checkUrl(url: string | undefined): string | undefined {
  if (url !== undefined && !/^https?:\/\/[^\s]+$/i.test(url)) throw invalid('url', 'must be an http(s) URL');
  return url;
}

function checkName(name: string): string {
  const value = name.trim();
  if (value.length < 1 || value.length > 100) throw invalid('name', 'must be 1 to 100 characters');
  return value;
}

/** The audit fields that name a plugin: its id is the credential (its secret authenticates it). */
export const ofPlugin = (pluginId: string): { credentialId: string; credentialKind: string } => ({ credentialId: pluginId, credentialKind: 'plugin' });

/** Plugins are registered and changed by people, not by tokens. */
function requirePerson(principal: Principal): void {
  if (!isPerson(principal)) throw new AppError('restricted_resource', 'plugins can only be managed by a signed-in person, not with a token');
}

export class PluginService {
  constructor(
    private readonly plugins: PluginRepository,
    private readonly grants: PluginGrantRepository,
    private readonly bases: BaseService,
    /** Drops a digest's cached verdict, so a revocation takes effect at once. */
    private readonly forget: (digest: string) => void,
    private readonly audit: AuditLog,
  ) {}

  async register(principal: Principal, input: PluginInput & { name: string; scopes: string[] }, origin: Origin): Promise<{ plugin: PluginRow; secret: string }> {
    requirePerson(principal);
    const secret = generateToken('pluginSecret');
    const now = new Date().toISOString();
    const plugin: PluginRow = {
      id: newId('plg'),
      owner_id: principal.userId,
      name: checkName(input.name),
      description: input.description ?? null,
      logo: input.logo ?? null,
      url: checkUrl(input.url) ?? null,
      positions: JSON.stringify(checkPositions(input.positions ?? ['dashboard'])),
      scopes: JSON.stringify(checkScopes(input.scopes)),
      status: 'developing',
      secret_digest: digestSecret(secret),
      created_time: now,
      last_modified_time: now,
    };
    await this.plugins.insert(plugin);
    await this.audit.record(origin, { action: 'plugin.create', actor: principal, ...ofPlugin(plugin.id), detail: { name: plugin.name, scopes: JSON.parse(plugin.scopes) as string[] } });
    return { plugin, secret };
  }

  list(principal: Principal): Promise<PluginRow[]> {
    requirePerson(principal);
    return this.plugins.listOwned(principal.userId);
  }

  /** The caller's own plugin; anyone else's is "not found". */
  async owned(principal: Principal, pluginId: string): Promise<PluginRow> {
    requirePerson(principal);
    const plugin = await this.plugins.findById(pluginId);
    if (!plugin || plugin.owner_id !== principal.userId) throw notFound('plugin');
    return plugin;
  }

  /** Absent fields stay as they are. Narrowing the scopes revokes the grants that exceed them. */
  async update(principal: Principal, pluginId: string, input: PluginInput, origin: Origin): Promise<PluginRow> {
    const plugin = await this.owned(principal, pluginId);
    const changes: PluginChanges = { last_modified_time: new Date().toISOString() };
    if (input.name !== undefined) changes.name = checkName(input.name);
    if (input.description !== undefined) changes.description = input.description;
    if (input.logo !== undefined) changes.logo = input.logo;
    if (input.url !== undefined) changes.url = checkUrl(input.url) ?? null;
    if (input.positions !== undefined) changes.positions = JSON.stringify(checkPositions(input.positions));
    if (input.scopes !== undefined) {
      const scopes = checkScopes(input.scopes);
      changes.scopes = JSON.stringify(scopes);
      const before = JSON.parse(plugin.scopes) as string[];
      if (before.some((s) => !scopes.includes(s))) await this.revoke({ pluginId });
    }
    await this.plugins.update(pluginId, changes);
    await this.audit.record(origin, { action: 'plugin.update', actor: principal, ...ofPlugin(pluginId), detail: { changed: Object.keys(input) } });
    return { ...plugin, ...changes };
  }

  async delete(principal: Principal, pluginId: string, origin: Origin): Promise<void> {
    await this.owned(principal, pluginId);
    await this.revoke({ pluginId });
    await this.plugins.delete(pluginId);
    await this.audit.record(origin, { action: 'plugin.delete', actor: principal, ...ofPlugin(pluginId) });
  }

  /** A new secret, shown once; every token issued under the old one is revoked. */
  async regenerateSecret(principal: Principal, pluginId: string, origin: Origin): Promise<{ id: string; secret: string }> {
    await this.owned(principal, pluginId);
    const secret = generateToken('pluginSecret');
    await this.plugins.update(pluginId, { secret_digest: digestSecret(secret), last_modified_time: new Date().toISOString() });
    await this.revoke({ pluginId });
    await this.audit.record(origin, { action: 'plugin.secret_regenerate', actor: principal, ...ofPlugin(pluginId) });
    return { id: pluginId, secret };
  }

  /** Installs one's own plugin in a base where one may update the base. */
  async install(principal: Principal, baseId: string, pluginId: string, origin: Origin): Promise<{ plugin: PluginRow; install: PluginInstallRow }> {
    await this.bases.locate(principal, 'base|update', baseId);
    const plugin = await this.plugins.findById(pluginId);
    if (!plugin || plugin.owner_id !== principal.userId) throw invalid('pluginId', 'no such plugin of yours');
    const install: PluginInstallRow = { base_id: baseId, plugin_id: pluginId, installed_by: principal.userId, created_time: new Date().toISOString() };
    if (!(await this.plugins.install(install))) throw new AppError('conflict', 'the plugin is already installed in this base');
    await this.audit.record(origin, { action: 'plugin.install', actor: principal, ...ofPlugin(pluginId), detail: { baseId } });
    return { plugin, install };
  }

  /** Uninstalls the plugin from the base and revokes its tokens there. */
  async uninstall(principal: Principal, baseId: string, pluginId: string, origin: Origin): Promise<void> {
    await this.bases.locate(principal, 'base|update', baseId);
    if (!(await this.plugins.uninstall(baseId, pluginId))) throw notFound('plugin installation');
    await this.revoke({ pluginId, baseId });
    await this.audit.record(origin, { action: 'plugin.uninstall', actor: principal, ...ofPlugin(pluginId), detail: { baseId } });
  }

  private async revoke(match: { pluginId: string; baseId?: string }): Promise<void> {
    await forgettingFound(this.forget, (found) => this.grants.revokeGrants(match, new Date().toISOString(), found));
  }
}
