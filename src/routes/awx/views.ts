// AWX's wire shapes for users and tokens (seed 003), from Tessera's rows.
import type { Static } from '@sinclair/typebox';
import type { AccessTokenRow, UserRow } from '../../db/schema.js';
import type { AwxToken, AwxUser } from '../shared-schemas.js';

export const MASK = '************';

/** AWX has first and last names; Tessera keeps one name, split at its first space. */
function names(user: UserRow): { first_name: string; last_name: string } {
  const space = user.name.indexOf(' ');
  return space < 0 ? { first_name: user.name, last_name: '' } : { first_name: user.name.slice(0, space), last_name: user.name.slice(space + 1) };
}

export function userView(user: UserRow): Static<typeof AwxUser> {
  return {
    id: user.num,
    type: 'user' as const,
    url: `/api/v2/users/${user.num}/`,
    related: {
      personal_tokens: `/api/v2/users/${user.num}/personal_tokens/`,
      tokens: `/api/v2/users/${user.num}/tokens/`,
    },
    summary_fields: {},
    created: user.created_time,
    modified: user.created_time,
    username: user.email,
    ...names(user),
    email: user.email,
    is_superuser: user.is_admin === 1,
    is_system_auditor: false,
    ldap_dn: '',
    last_login: null,
    external_account: null,
  };
}

/** A token as AWX shows it; `secret` only in the answer that creates it, masked everywhere else. */
export function tokenView(row: AccessTokenRow, owner: UserRow, secret?: string): Static<typeof AwxToken> {
  return {
    id: row.num,
    type: 'o_auth2_access_token' as const,
    url: `/api/v2/tokens/${row.num}/`,
    related: {
      user: `/api/v2/users/${owner.num}/`,
      activity_stream: `/api/v2/tokens/${row.num}/activity_stream/`,
    },
    summary_fields: {
      user: { id: owner.num, username: owner.email, ...names(owner) },
    },
    created: row.created_time,
    modified: row.modified_time,
    description: row.description ?? '',
    user: owner.num,
    token: secret ?? MASK,
    refresh_token: null,
    application: null,
    expires: row.expired_time,
    scope: (JSON.parse(row.scopes) as string[]).join(' '),
  };
}
