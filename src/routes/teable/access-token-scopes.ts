// GET /api/access-token/scopes: the scope catalogue, `resource|action` grouped by resource. Public.
import { ACTIONS, scopeCatalogue } from '../../auth/actions.js';
import type { App } from '../context.js';

export default function register(app: App): void {
  app.get('/api/access-token/scopes', () => ({ scopes: [...ACTIONS], groups: scopeCatalogue() }));
}
