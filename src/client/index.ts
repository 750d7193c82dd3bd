// A small typed client of Tessera's API, exported by the package as `tessera/client`: openapi-fetch
// over the types openapi-typescript generated from the OpenAPI document (./schema.ts, regenerated
// by `npm run gen:client`). Paths, parameters, bodies and answers are checked against the document.
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { paths } from './schema.js';

export type { components, operations, paths } from './schema.js';

export interface TesseraClientOptions {
  /** Sent as `Authorization: Bearer <token>`: a personal access token, plugin access token, AWX token, account token or API token. */
  token?: string;
  /** Sent as the `Cookie` header, e.g. `tessera_session=...` (outside browsers, which send their own). */
  cookie?: string;
  /** More headers for every request. */
  headers?: Record<string, string>;
  /** Another fetch (by default the global one). */
  fetch?: ClientOptions['fetch'];
}

export type TesseraClient = Client<paths>;

/** A client of the Tessera at `baseUrl` (e.g. `http://localhost:8080`), with one credential. */
export function createTesseraClient(baseUrl: string, options: TesseraClientOptions = {}): TesseraClient {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.cookie !== undefined) headers.cookie = options.cookie;
  return createClient<paths>({ baseUrl: baseUrl.replace(/\/+$/, ''), headers, ...(options.fetch ? { fetch: options.fetch } : {}) });
}
