// GET /api/access-token/scopes: the scope catalogue, `resource|action` grouped by resource. Public.
import { Type } from '@sinclair/typebox';
import { ACTIONS, scopeCatalogue } from '../../auth/actions.js';
import type { App } from '../context.js';
import { TAGS } from '../shared-schemas.js';

const Catalogue = Type.Object({
  scopes: Type.Array(Type.String(), { description: 'Every action, `resource|action`' }),
  groups: Type.Array(Type.Object({ resource: Type.String(), scopes: Type.Array(Type.String()) })),
});

export default function register(app: App): void {
  app.get(
    '/api/access-token/scopes',
    { schema: { summary: 'The scope catalogue', tags: [TAGS.teable.name], security: [], response: { 200: Catalogue } } },
    () => ({ scopes: [...ACTIONS], groups: scopeCatalogue() }),
  );
}
