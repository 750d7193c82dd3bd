// A small HTTP client for the black-box tests: JSON in and out, a session cookie or a bearer token.
import http from 'node:http';
import type { TestServer } from './server.js';

/** Whatever serves Tessera at a URL: a test server in this process, or another process. */
export type Endpoint = Pick<TestServer, 'url'>;

export interface Reply<T = unknown> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export interface RequestOptions {
  body?: unknown;
  /** Sent as is, with `contentType` (default: none). */
  rawBody?: string;
  contentType?: string;
  token?: string;
  cookie?: string;
  headers?: Record<string, string>;
}

// Test code reads response bodies loosely; each test asserts the fields it relies on.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** An answer's body: its JSON, the text itself when it is not JSON (an auth code is text/plain), undefined when empty. */
export function jsonOrText(text: string): Json {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Called with every answer `call` and `getWithBody` receive (the secret sweep collects what was handed out). */
export type ReplyWatcher = (method: string, path: string, reply: Reply<Json>) => void;
const watchers = new Set<ReplyWatcher>();

/** Hears every answer from now on, until the returned function is called. */
export function watchReplies(watcher: ReplyWatcher): () => void {
  watchers.add(watcher);
  return () => void watchers.delete(watcher);
}

function heard<T extends Reply<Json>>(method: string, path: string, reply: T): T {
  for (const watcher of watchers) watcher(method, path, reply);
  return reply;
}

export async function call(server: Endpoint, method: string, path: string, options: RequestOptions = {}): Promise<Reply<Json>> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (options.rawBody !== undefined) {
    body = options.rawBody;
    if (options.contentType) headers['content-type'] = options.contentType;
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.cookie !== undefined) headers.cookie = options.cookie;
  const response = await fetch(server.url + path, { method, headers, body });
  const text = await response.text();
  return heard(method, path, { status: response.status, body: jsonOrText(text), text, headers: response.headers });
}

export interface Account {
  id: string;
  email: string;
  cookie: string;
}

/** The password every account made by `signUp` has. */
export const SIGNUP_PASSWORD = 'passw0rd-test';

let counter = 0;

/** Signs up a new account and returns its session cookie. */
export async function signUp(server: Endpoint, email = `user${++counter}-${Date.now()}@example.com`): Promise<Account> {
  const reply = await call(server, 'POST', '/api/auth/signup', { body: { email, password: SIGNUP_PASSWORD } });
  if (reply.status !== 201) throw new Error(`sign-up failed: ${reply.status} ${reply.text}`);
  const cookie = reply.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error('sign-up set no cookie');
  return { id: reply.body.id as string, email, cookie };
}

/** A space with one base and one table (fields Title: text, Count: number), owned by `owner`. */
export async function seedWorkspace(server: Endpoint, owner: Account): Promise<{ spaceId: string; baseId: string; tableId: string }> {
  const space = await call(server, 'POST', '/api/space', { cookie: owner.cookie, body: { name: 'Space' } });
  const base = await call(server, 'POST', '/api/base', { cookie: owner.cookie, body: { spaceId: space.body.id, name: 'Base' } });
  const table = await call(server, 'POST', `/api/base/${base.body.id}/table`, {
    cookie: owner.cookie,
    body: { name: 'Tasks', fields: [{ name: 'Title', type: 'singleLineText' }, { name: 'Count', type: 'number' }] },
  });
  if (table.status !== 201) throw new Error(`seeding failed: ${table.status} ${table.text}`);
  return { spaceId: space.body.id, baseId: base.body.id, tableId: table.body.id };
}

/** A date `days` from now as YYYY-MM-DD. */
export function daysFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Creates a personal access token for `owner`; returns the create answer (with `token`). */
export async function createToken(server: Endpoint, owner: Account, fields: Record<string, unknown>): Promise<Json> {
  const reply = await call(server, 'POST', '/api/access-token', {
    cookie: owner.cookie,
    body: { name: 'test token', expiredTime: daysFromNow(30), ...fields },
  });
  if (reply.status !== 201) throw new Error(`token creation failed: ${reply.status} ${reply.text}`);
  return reply.body;
}

/** GET with a JSON body, as seed 002 documents it (fetch cannot send one). */
export function getWithBody(server: Endpoint, path: string, body: unknown): Promise<Reply<Json>> {
  const payload = JSON.stringify(body);
  const url = new URL(server.url + path);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        method: 'GET',
        hostname: url.hostname,
        port: url.port,
        path: url.pathname,
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const headers = new Headers();
          for (const [key, value] of Object.entries(response.headers)) if (typeof value === 'string') headers.set(key, value);
          resolve(heard('GET', path, { status: response.statusCode ?? 0, body: jsonOrText(text), text, headers }));
        });
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}
