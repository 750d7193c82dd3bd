// The shapes the page reads from the API, taken from the generated client schema
// (src/client/schema.ts, made from the OpenAPI document by `npm run gen:client`), so that the page
// and the API cannot disagree about a field.
import type { components, paths } from '../../src/client/schema.js';

type Schemas = components['schemas'];

/** The JSON body of the 200 answer of `GET path`. */
type Listed<P extends keyof paths> = paths[P]['get'] extends { responses: { 200: { content: { 'application/json': infer T } } } } ? T : never;

export type User = Schemas['User'];
/** A token as listed, or as just created or refreshed (with its secret, shown once). */
export type AccessToken = Schemas['AccessToken'] & { token?: string };
export type AwxToken = Schemas['AwxToken'];
export type ScopeGroup = Listed<'/api/access-token/scopes'>['groups'][number];
export type Policy = Schemas['TokenPolicy'];
export type Space = Schemas['Space'];
export type Base = Schemas['Base'];
export type Plugin = Schemas['Plugin'];
export type Workspace = Listed<'/api/v2.1/workspaces/'>['workspace_list'][number];
export type ApiToken = Schemas['ApiToken'];
export type ShareLink = Schemas['ShareLink'];
export type Session = Listed<'/api/auth/sessions'>[number];
export type AuditEvent = Listed<'/api/audit'>['events'][number];
