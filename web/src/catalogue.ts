// What the token and plugin forms offer: the scope catalogue, and the spaces and bases the person
// can reach (each space's bases read in parallel).
import { get } from './api.js';
import type { Base, ScopeGroup, Space } from './types.js';

export interface Catalogue {
  groups: ScopeGroup[];
  spaces: Space[];
  bases: Base[];
}

export async function loadCatalogue(): Promise<Catalogue> {
  const [scopes, spaces] = await Promise.all([get<{ groups: ScopeGroup[] }>('/api/access-token/scopes'), get<Space[]>('/api/space')]);
  const bases = (await Promise.all(spaces.map((space) => get<Base[]>(`/api/space/${space.id}/base`)))).flat();
  return { groups: scopes.groups, spaces, bases };
}
