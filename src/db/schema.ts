// Row types of the store, shared by both dialects. Times are ISO-8601 UTC strings (they sort as
// text); booleans are 0/1 integers; lists are JSON text.

export interface UserRow {
  id: string;
  /** Integer alternate key (the AWX family's user id). */
  num: number;
  email: string;
  name: string;
  avatar: string | null;
  password_hash: string;
  is_admin: number;
  created_time: string;
  /** When the account was disabled (it cannot sign in, its credentials were revoked); null: active. */
  disabled_time: string | null;
}

export interface SessionRow {
  id: string;
  /** cookie: a browser sign-in; account_token: SeaTable's `Authorization: Token` credential. */
  kind: 'cookie' | 'account_token';
  user_id: string;
  secret_digest: string;
  created_time: string;
  expires_time: string;
  revoked_time: string | null;
  user_agent: string | null;
  address: string | null;
}

export interface SpaceRow {
  id: string;
  /** Integer alternate key (SeaTable's workspace id). */
  num: number;
  name: string;
  created_by: string;
  created_time: string;
}

export interface SpaceMemberRow {
  space_id: string;
  user_id: string;
  role: string;
  created_time: string;
}

export interface BaseRow {
  id: string;
  /** SeaTable's `dtable_uuid`: 32 hexadecimal characters. */
  uuid: string;
  /** Integer alternate key (SeaTable lists bases with integer ids). */
  num: number;
  space_id: string;
  name: string;
  icon: string | null;
  created_by: string;
  created_time: string;
}

export interface DataTableRow {
  id: string;
  base_id: string;
  name: string;
  description: string | null;
  created_time: string;
}

export interface FieldRow {
  id: string;
  table_id: string;
  name: string;
  type: string;
  position: number;
}

export interface RecordRow {
  id: string;
  table_id: string;
  /** JSON object keyed by field id. */
  cells: string;
  created_by: string;
  created_time: string;
  last_modified_time: string;
  /** Position within its creation batch, to keep insertion order among equal timestamps. */
  batch_position: number;
}

/** personal_access_token: Teable's scoped tokens; user_personal_token: AWX's read/write tokens. */
export type TokenKindColumn = 'personal_access_token' | 'user_personal_token' | 'plugin_access_token' | 'base_api_token';

export interface AccessTokenRow {
  id: string;
  kind: TokenKindColumn;
  /** Integer alternate key (the AWX family's token id). */
  num: number;
  user_id: string;
  name: string;
  description: string | null;
  /** JSON array of `resource|action` scopes. */
  scopes: string;
  /** JSON array, or null when not restricted by space. */
  space_ids: string | null;
  base_ids: string | null;
  has_full_access: number;
  secret_digest: string;
  expired_time: string;
  created_time: string;
  modified_time: string;
  last_used_time: string | null;
  revoked_time: string | null;
  /** For a plugin access token: the grant (token family) it belongs to. */
  grant_id: string | null;
}

export interface PluginRow {
  id: string;
  owner_id: string;
  name: string;
  description: string | null;
  logo: string | null;
  url: string | null;
  /** JSON array of positions (dashboard, view, contextMenu, panel). */
  positions: string;
  /** JSON array of the `resource|action` scopes the plugin may ask for. */
  scopes: string;
  status: string;
  secret_digest: string;
  created_time: string;
  last_modified_time: string;
}

export interface PluginInstallRow {
  base_id: string;
  plugin_id: string;
  installed_by: string;
  created_time: string;
}

export interface PluginAuthCodeRow {
  code_digest: string;
  plugin_id: string;
  base_id: string;
  user_id: string;
  /** PKCE S256 challenge, when the code was requested with one. */
  code_challenge: string | null;
  /** JSON array: when a token (not a person) authorized the plugin, the scopes it held; a grant never exceeds them. */
  max_scopes: string | null;
  /** The token that authorized the plugin (its id); null when a person did. */
  authorized_by: string | null;
  expires_time: string;
  used_time: string | null;
  created_time: string;
}

/** One code exchange: the family of the access and refresh tokens that descend from it. */
export interface PluginGrantRow {
  id: string;
  plugin_id: string;
  base_id: string;
  user_id: string;
  scopes: string;
  /** The token that authorized the plugin (its id): the grant dies with it. Null when a person did. */
  authorized_by: string | null;
  created_time: string;
  revoked_time: string | null;
}

export interface PluginRefreshTokenRow {
  id: string;
  grant_id: string;
  secret_digest: string;
  expires_time: string;
  used_time: string | null;
  created_time: string;
}

export interface JwtKeyRow {
  kid: string;
  alg: string;
  public_jwk: string;
  private_jwk_sealed: string;
  created_time: string;
  /** When the key stopped signing; it verifies until the tokens it signed have expired. */
  retired_time: string | null;
}

/** A read-only link to a base; its token is a secret, kept as a digest. */
export interface ShareLinkRow {
  id: string;
  base_id: string;
  created_by: string;
  secret_digest: string;
  password_hash: string | null;
  expire_time: string | null;
  created_time: string;
}

/** One audited act; never a secret. Failed authentications are coalesced (count, last_time). */
export interface AuditEventRow {
  id: string;
  time: string;
  last_time: string;
  count: number;
  action: string;
  actor_id: string | null;
  actor_credential_id: string | null;
  user_id: string | null;
  credential_id: string | null;
  credential_kind: string | null;
  address: string | null;
  user_agent: string | null;
  detail: string | null;
  coalesce_key: string | null;
}

/** An admin's cap on the lifetime of new tokens of one kind. */
export interface TokenPolicyRow {
  kind: string;
  max_lifetime_days: number;
  updated_by: string;
  updated_time: string;
}

export interface SequenceRow {
  name: string;
  value: number;
}

export interface Database {
  users: UserRow;
  sessions: SessionRow;
  spaces: SpaceRow;
  space_members: SpaceMemberRow;
  bases: BaseRow;
  data_tables: DataTableRow;
  fields: FieldRow;
  records: RecordRow;
  access_tokens: AccessTokenRow;
  sequences: SequenceRow;
  jwt_keys: JwtKeyRow;
  share_links: ShareLinkRow;
  plugins: PluginRow;
  plugin_installs: PluginInstallRow;
  plugin_auth_codes: PluginAuthCodeRow;
  plugin_grants: PluginGrantRow;
  plugin_refresh_tokens: PluginRefreshTokenRow;
  audit_events: AuditEventRow;
  token_policies: TokenPolicyRow;
}
