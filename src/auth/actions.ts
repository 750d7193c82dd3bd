// The internal action vocabulary (Teable's `resource|action`), the scope catalogue that tokens may
// carry, and what each space role allows. Other families' scopes (AWX read/write, SeaTable r/rw)
// map onto these.

export const ACTIONS = [
  'space|create',
  'space|read',
  'space|update',
  'space|delete',
  'space|grant_role',
  'base|create',
  'base|read',
  'base|update',
  'base|delete',
  'table|create',
  'table|read',
  'table|update',
  'table|delete',
  'record|create',
  'record|read',
  'record|update',
  'record|delete',
] as const;

export type Action = (typeof ACTIONS)[number];

const ACTION_SET: ReadonlySet<string> = new Set(ACTIONS);

export function isAction(value: string): value is Action {
  return ACTION_SET.has(value);
}

export const ROLES = ['owner', 'creator', 'editor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Every `*|read` action: what a read-only credential may hold. */
export const READ_ACTIONS: ReadonlySet<Action> = new Set(ACTIONS.filter((a) => a.endsWith('|read')));

const VIEWER: readonly Action[] = ['space|read', 'base|read', 'table|read', 'record|read'];
const EDITOR: readonly Action[] = [
  ...VIEWER,
  'table|create',
  'table|update',
  'table|delete',
  'record|create',
  'record|update',
  'record|delete',
];
const CREATOR: readonly Action[] = [...EDITOR, 'base|create', 'base|update', 'base|delete'];
const OWNER: readonly Action[] = [...CREATOR, 'space|update', 'space|delete', 'space|grant_role'];

/** What a role on a space allows on the space and everything in it. */
export const ROLE_ACTIONS: Readonly<Record<Role, ReadonlySet<Action>>> = {
  viewer: new Set(VIEWER),
  editor: new Set(EDITOR),
  creator: new Set(CREATOR),
  owner: new Set(OWNER),
};

/** What a plugin may be granted: actions inside one base, never on spaces or bases as wholes. */
export const PLUGIN_ACTIONS: ReadonlySet<Action> = new Set(
  ACTIONS.filter((a) => a.startsWith('table|') || a.startsWith('record|') || a === 'base|read' || a === 'base|update'),
);

/** Reading inside one base: what a read-only base credential (SeaTable's `r`) may hold. */
export const BASE_READ_ACTIONS: ReadonlySet<Action> = new Set<Action>(['base|read', 'table|read', 'record|read']);

/** Actions that concern no existing space: any signed-in user may take them for themself. */
export const ACCOUNT_ACTIONS: ReadonlySet<Action> = new Set<Action>(['space|create']);

/** The published scope catalogue, grouped by resource, for `GET /api/access-token/scopes`. */
export function scopeCatalogue(): { resource: string; scopes: Action[] }[] {
  const groups = new Map<string, Action[]>();
  for (const action of ACTIONS) {
    const resource = action.slice(0, action.indexOf('|'));
    groups.set(resource, [...(groups.get(resource) ?? []), action]);
  }
  return [...groups].map(([resource, scopes]) => ({ resource, scopes }));
}
