// The shapes the page reads from the API (only the fields it uses).

export interface User {
  id: string;
  name: string;
  email: string;
}

export interface AccessToken {
  id: string;
  name: string;
  description?: string;
  scopes: string[];
  spaceIds?: string[] | null;
  baseIds?: string[] | null;
  hasFullAccess?: boolean;
  expiredTime: string;
  createdTime: string;
  lastUsedTime?: string;
  token?: string;
}

export interface AwxToken {
  id: number;
  description: string;
  scope: string;
  created: string;
  expires: string;
  token: string;
}

export interface ScopeGroup {
  resource: string;
  scopes: string[];
}

export interface Policy {
  kind: string;
  effectiveMaxDays: number | null;
}

export interface Space {
  id: string;
  name: string;
  role: string;
}

export interface Base {
  id: string;
  name: string;
  spaceId: string;
}

export interface Plugin {
  id: string;
  name: string;
  scopes: string[];
  status: string;
  createdTime: string;
  secret?: string;
}

export interface Workspace {
  id: number;
  name: string;
  table_list: { id: number; name: string; uuid: string }[];
}

export interface ApiToken {
  app_name: string;
  generated_by: string;
  generated_at: string;
  last_access: string;
  permission: 'r' | 'rw';
  api_token?: string;
}

export interface ShareLink {
  id: string;
  permission: 'r';
  expire_date: string | null;
  password_set: boolean;
  ctime: string;
  token?: string;
  link?: string;
}

export interface Session {
  id: string;
  kind: 'session' | 'account_token';
  createdTime: string;
  expiresTime: string;
  userAgent: string | null;
  address: string | null;
  current: boolean;
}

export interface AuditEvent {
  id: string;
  time: string;
  lastTime: string;
  count: number;
  action: string;
  credentialKind: string | null;
  credentialId: string | null;
  address: string | null;
  detail: Record<string, unknown> | null;
}
