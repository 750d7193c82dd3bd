// Teable's wire shape of a plugin: optional fields absent, never null; the secret only where given.
import type { Static } from '@sinclair/typebox';
import type { PluginRow } from '../../db/schema.js';
import type { Plugin } from '../shared-schemas.js';

export const MASKED_SECRET = '************';

export function pluginView(plugin: PluginRow): Static<typeof Plugin> & { lastModifiedTime: string } {
  return {
    id: plugin.id,
    name: plugin.name,
    ...(plugin.description !== null ? { description: plugin.description } : {}),
    ...(plugin.logo !== null ? { logo: plugin.logo } : {}),
    ...(plugin.url !== null ? { url: plugin.url } : {}),
    positions: JSON.parse(plugin.positions) as string[],
    scopes: JSON.parse(plugin.scopes) as string[],
    status: plugin.status,
    createdTime: plugin.created_time,
    lastModifiedTime: plugin.last_modified_time,
  };
}
