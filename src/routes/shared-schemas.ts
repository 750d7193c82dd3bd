// The pieces of the OpenAPI document that several route files share: the tags (one per family),
// each family's error body, and the objects more than one route answers with. Each named schema
// is registered once (registerSharedSchemas) and appears in the document under
// components/schemas; routes point at it with `ref`. Response schemas only document: answers are
// serialized as the handlers build them (see src/routes/openapi.ts).
import { Type, type Static, type TSchema, type TUnsafe } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ERROR_STATUS, type ErrorCode } from '../errors.js';

export const TAGS = {
  teable: { name: 'teable', description: "Teable's API (`/api/...`): accounts and sessions, personal access tokens (seeds 000, 001) and the data API." },
  plugins: { name: 'plugins', description: "Teable's plugins and their tokens (`/api/plugin/...`, seed 002)." },
  admin: { name: 'admin', description: 'The instance admin, the audit log, leak reports and lifetime policies.' },
  awx: { name: 'awx', description: "AWX's API (`/api/v2/...`): users and their personal tokens (seed 003)." },
  seatable: { name: 'seatable', description: "SeaTable's API (`/api2/`, `/api/v2.1/`): account tokens, base access tokens, API tokens and share links (seed 004)." },
  dataServer: { name: 'data server', description: "SeaTable's data server (`/dtable-server/`, `/api-gateway/`), by base access token." },
  oauth: { name: 'oauth', description: 'Standard endpoints: RFC 7662 introspection, RFC 7009 revocation and the JWKS.' },
  operations: { name: 'operations', description: 'Liveness, readiness and Prometheus metrics.' },
  docs: { name: 'docs', description: 'This document and its rendering.' },
} as const;

export type Tag = (typeof TAGS)[keyof typeof TAGS]['name'];

/** A reference to a named shared schema, typed as the schema itself (for the handlers' answers). */
export function ref<T extends TSchema>(schema: T, description?: string): TUnsafe<Static<T>> {
  if (schema.$id === undefined) throw new Error('only a named shared schema can be referenced');
  return Type.Unsafe<Static<T>>({ $ref: schema.$id, ...(description !== undefined ? { description } : {}) });
}

/** An answer without a body (documented as `type: null`, which the document shows as no content). */
export const NoBody = (description: string) => Type.Unsafe<undefined>({ type: 'null', description });

const time = (description?: string) => Type.String({ format: 'date-time', ...(description !== undefined ? { description } : {}) });
const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const fieldProblems = Type.Record(Type.String(), Type.Array(Type.String()), { description: 'Invalid input: each field at fault with its problems' });

// Errors, one body per family (src/routes/error-handler.ts).

export const TeableError = Type.Object(
  {
    message: Type.String({ description: 'What went wrong; for a validation error it starts with the field' }),
    status: Type.Integer({ description: 'The HTTP status again' }),
    code: Type.Union(
      (Object.keys(ERROR_STATUS) as ErrorCode[]).map((code) => Type.Literal(code)),
      { description: 'The machine-readable cause' },
    ),
  },
  { $id: 'TeableError', description: "Teable's error body (`/api/...` but `/api/v2/` and `/api/v2.1/`)", examples: [{ message: 'the token lacks the scope record|create', status: 403, code: 'restricted_resource' }] },
);

export const AwxError = Type.Union([Type.Object({ detail: Type.String() }), fieldProblems], {
  $id: 'AwxError',
  description: "Django REST framework's error body (`/api/v2/`): `{detail}`, or `{field: [problem]}` for invalid input",
  examples: [{ detail: 'Authentication credentials were not provided.' }],
});

export const SeatableError = Type.Union(
  [
    Type.Object({ error_msg: Type.String() }, { description: 'A refusal or a missing resource' }),
    Type.Object({ detail: Type.String() }, { description: 'A failed authentication' }),
    fieldProblems,
  ],
  {
    $id: 'SeatableError',
    description: "SeaTable's error body (`/api2/`, `/api/v2.1/`, the data server): `{error_msg}`, `{detail}` for a failed authentication, `{field: [problem]}` for invalid input under `/api2/`",
    examples: [{ error_msg: 'Permission denied.' }],
  },
);

export const OAuthError = Type.Object(
  {
    error: Type.Union(['invalid_request', 'invalid_client', 'unauthorized_client', 'invalid_grant', 'temporarily_unavailable', 'server_error'].map((e) => Type.Literal(e))),
    error_description: Type.String(),
  },
  { $id: 'OAuthError', description: "RFC 6749's error body (`/oauth/`)", examples: [{ error: 'invalid_client', error_description: 'client authentication failed' }] },
);

// Teable's objects.

export const User = Type.Object(
  { id: Type.String(), name: Type.String(), avatar: nullable(Type.String()), email: Type.String() },
  { $id: 'User', description: 'A person, as Teable shows one' },
);

const accessTokenFields = {
  id: Type.String(),
  name: Type.String(),
  description: Type.Optional(Type.String()),
  scopes: Type.Array(Type.String(), { description: 'Actions, `resource|action`' }),
  spaceIds: Type.Optional(Type.Array(Type.String(), { description: 'Absent: not restricted to spaces' })),
  baseIds: Type.Optional(Type.Array(Type.String(), { description: 'Absent: not restricted to bases' })),
  hasFullAccess: Type.Optional(Type.Boolean({ description: "Reaches all of the owner's spaces, present and future (always sent)" })),
  expiredTime: time(),
  createdTime: time(),
};

/** Seed 001's answer: a personal access token without its secret. */
export const AccessToken = Type.Object(
  { ...accessTokenFields, lastUsedTime: Type.Optional(time('Absent until first used')) },
  { $id: 'AccessToken', description: 'A personal access token, without its secret' },
);

/** Seed 000's answer: the token with its secret, shown this once. */
export const AccessTokenCreated = Type.Object(
  { ...accessTokenFields, token: Type.String({ description: 'The secret, shown once' }), lastUsedTime: time('The creation time until first used') },
  { $id: 'AccessTokenCreated', description: 'A new personal access token with its secret, shown once' },
);

export const Space = Type.Object(
  { id: Type.String(), name: Type.String(), role: Type.Union(['owner', 'creator', 'editor', 'viewer'].map((r) => Type.Literal(r)), { description: "The caller's role" }) },
  { $id: 'Space' },
);

export const Base = Type.Object(
  { id: Type.String(), name: Type.String(), spaceId: Type.String(), icon: nullable(Type.String()), role: Type.Union(['owner', 'creator', 'editor', 'viewer'].map((r) => Type.Literal(r))) },
  { $id: 'Base' },
);

export const Field = Type.Object(
  { id: Type.String(), name: Type.String(), type: Type.String({ description: 'singleLineText, longText, number, checkbox or date' }), dbFieldName: Type.String(), isPrimary: Type.Optional(Type.Boolean()) },
  { $id: 'Field' },
);

export const Table = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    dbTableName: Type.String(),
    description: Type.Optional(Type.String()),
    order: Type.Integer(),
    lastModifiedTime: time(),
  },
  { $id: 'Table' },
);

export const TableWithFields = Type.Object({ ...Table.properties, fields: Type.Array(ref(Field)) }, { $id: 'TableWithFields', description: 'A table with its fields' });

export const DataRecord = Type.Object(
  {
    id: Type.String(),
    fields: Type.Record(Type.String(), Type.Unknown(), { description: 'Cells by field name (or id, with fieldKeyType=id); empty cells are absent' }),
    createdTime: time(),
    lastModifiedTime: time(),
    createdBy: Type.String(),
  },
  { $id: 'Record' },
);

export const Plugin = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    description: Type.Optional(Type.String()),
    logo: Type.Optional(Type.String()),
    url: Type.Optional(Type.String()),
    positions: Type.Array(Type.String()),
    scopes: Type.Array(Type.String()),
    status: Type.String(),
    createdTime: time(),
    lastModifiedTime: Type.Optional(time()),
    secret: Type.Optional(Type.String({ description: 'The secret when it is made, `************` elsewhere' })),
    i18n: Type.Optional(Type.Object({}, { description: 'In lists only' })),
  },
  { $id: 'Plugin' },
);

/** Seed 002's answer. */
export const PluginTokenPair = Type.Object(
  {
    accessToken: Type.String({ description: 'A plugin access token (`tess_pla_...`), for `Authorization: Bearer`' }),
    refreshToken: Type.String({ description: 'Rotates on every use; presenting a used one revokes its family' }),
    scopes: Type.Array(Type.String()),
    expiresIn: Type.Number({ description: 'Seconds' }),
    refreshExpiresIn: Type.Number({ description: 'Seconds' }),
  },
  { $id: 'PluginTokenPair' },
);

export const TokenPolicy = Type.Object(
  {
    kind: Type.Union(['personal_access_token', 'user_personal_token', 'base_api_token', 'share_link'].map((k) => Type.Literal(k))),
    maxLifetimeDays: nullable(Type.Integer({ description: "The admin's cap; null: none" })),
    effectiveMaxDays: nullable(Type.Integer({ description: 'The longest lifetime a new token may have now; null: unlimited' })),
    updatedBy: nullable(Type.String()),
    updatedTime: nullable(time()),
  },
  { $id: 'TokenPolicy' },
);

// AWX's objects (seed 003).

export const AwxUser = Type.Object(
  {
    id: Type.Integer(),
    type: Type.Literal('user'),
    url: Type.String(),
    related: Type.Object({ personal_tokens: Type.String(), tokens: Type.String() }),
    summary_fields: Type.Object({}),
    created: time(),
    modified: time(),
    username: Type.String({ description: 'The email' }),
    first_name: Type.String(),
    last_name: Type.String(),
    email: Type.String(),
    is_superuser: Type.Boolean(),
    is_system_auditor: Type.Boolean(),
    ldap_dn: Type.String(),
    last_login: Type.Null(),
    external_account: Type.Null(),
  },
  { $id: 'AwxUser' },
);

export const AwxToken = Type.Object(
  {
    id: Type.Integer(),
    type: Type.Literal('o_auth2_access_token'),
    url: Type.String(),
    related: Type.Object({ user: Type.String(), activity_stream: Type.String() }),
    summary_fields: Type.Object({ user: Type.Object({ id: Type.Integer(), username: Type.String(), first_name: Type.String(), last_name: Type.String() }) }),
    created: time(),
    modified: time(),
    description: Type.String(),
    user: Type.Integer({ description: 'The owner' }),
    token: Type.String({ description: 'The secret when the token is made, `************` elsewhere' }),
    refresh_token: nullable(Type.String({ description: 'Always null: personal tokens have none' })),
    application: nullable(Type.Integer({ description: 'Always null: personal tokens have none' })),
    expires: time(),
    scope: Type.String({ description: '`read`, `write` or `read write`' }),
  },
  { $id: 'AwxToken', description: 'A user personal token' },
);

/** AWX's page of results. */
export const awxPage = <T extends TSchema>(item: T) =>
  Type.Object({
    count: Type.Integer(),
    next: nullable(Type.String({ description: 'The next page, as a path with its query' })),
    previous: nullable(Type.String()),
    results: Type.Array(item),
  });

// SeaTable's objects (seed 004).

export const BaseAccessToken = Type.Object(
  {
    access_token: Type.String({ description: 'An EdDSA JWT for the data server' }),
    dtable_uuid: Type.String(),
    dtable_server: Type.String(),
    dtable_socket: Type.String(),
    dtable_db: Type.String(),
    workspace_id: Type.Integer(),
    dtable_name: Type.String(),
  },
  { $id: 'BaseAccessToken', description: "A base's access token and where to use it" },
);

export const ApiToken = Type.Object(
  {
    app_name: Type.String(),
    generated_by: Type.String({ description: "The generator's email" }),
    generated_at: time(),
    last_access: Type.String({ description: 'When last used; empty until then' }),
    permission: Type.Union([Type.Literal('r'), Type.Literal('rw')]),
    api_token: Type.Optional(Type.String({ description: 'The secret, only when it is made' })),
  },
  { $id: 'ApiToken', description: "A base's API token" },
);

export const ShareLink = Type.Object(
  {
    id: Type.String(),
    permission: Type.Literal('r'),
    expire_date: nullable(time()),
    password_set: Type.Boolean(),
    workspace_id: Type.Integer(),
    dtable_name: Type.String(),
    ctime: time(),
    token: Type.Optional(Type.String({ description: 'The secret, only when it is made' })),
    link: Type.Optional(Type.String({ description: 'Only when it is made' })),
  },
  { $id: 'ShareLink', description: 'A read-only share link to a base' },
);

export const Row = Type.Object(
  { _id: Type.String(), _ctime: time(), _mtime: time() },
  { $id: 'Row', additionalProperties: true, description: 'A row: `_id`, `_ctime`, `_mtime`, and its cells by column name' },
);

export const SuccessBody = Type.Object({ success: Type.Literal(true) }, { $id: 'Success' });

const SHARED = [TeableError, AwxError, SeatableError, OAuthError, User, AccessToken, AccessTokenCreated, Space, Base, Field, Table, TableWithFields, DataRecord, Plugin, PluginTokenPair, TokenPolicy, AwxUser, AwxToken, BaseAccessToken, ApiToken, ShareLink, Row, SuccessBody];

export function registerSharedSchemas(app: FastifyInstance): void {
  for (const schema of SHARED) app.addSchema(schema);
}
