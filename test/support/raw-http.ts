// A raw HTTP/1.1 client over a socket, for hostile requests that fetch and node:http refuse to send:
// header values with control characters or bytes outside ASCII, duplicate headers, a body on GET,
// a broken percent-encoding in the path. One request per connection (`Connection: close`), bounded
// by a timeout.
import net from 'node:net';
import { jsonOrText, type Endpoint, type Json, type Reply } from './client.js';

export interface RawRequest {
  method: string;
  /** The request target exactly as sent (no encoding is done). */
  path: string;
  /** Each header as sent, in order; a value may hold any bytes (a Buffer is sent as is). */
  headers?: readonly (readonly [string, string | Buffer])[];
  body?: string | Buffer;
  /** Content-Length is added from the body unless the headers name one. */
  omitContentLength?: boolean;
}

export class RawTimeout extends Error {}

/** Sends `request`; resolves with the answer, or rejects with RawTimeout after `timeoutMs`. */
export function rawCall(server: Endpoint, request: RawRequest, timeoutMs = 5_000): Promise<Reply<Json>> {
  const url = new URL(server.url);
  const body = request.body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body, 'utf8');
  const headers = [...(request.headers ?? [])];
  const named = (name: string): boolean => headers.some(([n]) => n.toLowerCase() === name);
  if (!named('host')) headers.unshift(['host', url.host]);
  if (!request.omitContentLength && !named('content-length') && (body.length > 0 || !['GET', 'HEAD'].includes(request.method))) headers.push(['content-length', String(body.length)]);
  headers.push(['connection', 'close']);
  const head = Buffer.concat([
    Buffer.from(`${request.method} ${request.path} HTTP/1.1\r\n`, 'latin1'),
    ...headers.map(([name, value]) => Buffer.concat([Buffer.from(`${name}: `, 'latin1'), Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8'), Buffer.from('\r\n')])),
    Buffer.from('\r\n'),
  ]);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect({ host: url.hostname, port: Number(url.port) });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new RawTimeout(`no complete answer to ${request.method} ${request.path.slice(0, 200)} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // The server may answer (413) and close before it has read the whole body: a write error then is not the answer.
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') {
        clearTimeout(timer);
        reject(error);
      }
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const all = Buffer.concat(chunks);
      try {
        resolve(parseAnswer(all));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    socket.write(Buffer.concat([head, body]));
  });
}

/** Writes `bytes` as they are, ends its side after `endAfterMs`, and resolves with all that came back until the server closed. */
export function rawExchange(server: Endpoint, bytes: string, endAfterMs = 300): Promise<string> {
  const url = new URL(server.url);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = net.connect({ host: url.hostname, port: Number(url.port) });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.write(bytes);
    setTimeout(() => socket.end(), endAfterMs);
  });
}

function parseAnswer(received: Buffer): Reply<Json> {
  let all = received;
  // An interim answer (100 Continue) comes before the real one.
  while (/^HTTP\/1\.[01] 1\d\d /.test(all.subarray(0, 16).toString('latin1')) && all.indexOf('\r\n\r\n') >= 0) all = all.subarray(all.indexOf('\r\n\r\n') + 4);
  const end = all.indexOf('\r\n\r\n');
  if (end < 0) throw new Error(`no complete answer (${all.length} bytes: ${JSON.stringify(all.toString('latin1').slice(0, 200))})`);
  const [statusLine, ...lines] = all.subarray(0, end).toString('latin1').split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1];
  if (status === undefined) throw new Error(`not an HTTP answer: ${JSON.stringify(statusLine)}`);
  const headers = new Headers();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  let payload = all.subarray(end + 4);
  if (/chunked/i.test(headers.get('transfer-encoding') ?? '')) payload = dechunk(payload);
  else if (headers.has('content-length')) payload = payload.subarray(0, Number(headers.get('content-length')));
  const text = payload.toString('utf8');
  return { status: Number(status), body: jsonOrText(text), text, headers };
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = Number.parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
