// The page's one way to reach Tessera: the same public API as every client, with the session
// cookie. Errors come back in each family's own body; they are turned into sentences here.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Body = Record<string, unknown> | string | undefined;

/** The family's own words for what went wrong: Teable's `message`, AWX's `detail` or field lists, SeaTable's `error_msg`. */
function detailOf(body: Body): string {
  if (typeof body === 'string') return body.slice(0, 200);
  if (!body) return '';
  if (typeof body.message === 'string') return body.message;
  if (typeof body.error_msg === 'string') return body.error_msg;
  if (typeof body.detail === 'string') return body.detail;
  const fields = Object.entries(body).filter(([, v]) => Array.isArray(v));
  return fields.map(([k, v]) => `${k}: ${(v as unknown[]).join(' ')}`).join('; ');
}

const sentence = (text: string): string => (text === '' ? '' : text[0]!.toUpperCase() + text.slice(1) + (/[.!?]$/.test(text) ? '' : '.'));

/** What a person reads when a call fails. */
export function explain(status: number, body: Body, retryAfter: string | null): string {
  const detail = sentence(detailOf(body));
  switch (true) {
    case status === 401:
      return 'You are signed out (or your sign-in has ended). Sign in again.';
    case status === 403:
      return `You are not allowed to do that. ${detail}`.trim();
    case status === 404:
      return `It no longer exists, or you have no access to it. ${detail}`.trim();
    case status === 409:
      return `That clashes with something that already exists. ${detail}`.trim();
    case status === 413:
      return 'That is too large to send.';
    case status === 429:
      return `Too many attempts. Try again in ${retryAfter ?? 'a few'} seconds.`;
    case status >= 400 && status < 500:
      return `Please check what you entered. ${detail}`.trim();
    default:
      return 'Tessera could not answer just now. Try again in a moment.';
  }
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, 'Cannot reach Tessera. Check your connection and try again.');
  }
  const text = await response.text();
  let parsed: Body = undefined;
  if (text !== '') {
    try {
      parsed = JSON.parse(text) as Body;
    } catch {
      parsed = text;
    }
  }
  if (!response.ok) throw new ApiError(response.status, explain(response.status, parsed, response.headers.get('retry-after')));
  return parsed as T;
}

export const get = <T>(path: string): Promise<T> => api<T>('GET', path);
export const post = <T>(path: string, body: unknown = {}): Promise<T> => api<T>('POST', path, body);
export const put = <T>(path: string, body: unknown): Promise<T> => api<T>('PUT', path, body);
export const del = (path: string): Promise<unknown> => api('DELETE', path);

export const messageOf = (error: unknown): string => (error instanceof ApiError ? error.message : 'Something went wrong. Try again.');
