// A TCP proxy that a test puts between a process and its store (PostgreSQL), to fail the store on
// cue: pass through; stop (every connection destroyed, new ones refused: a store that is down);
// black-hole (connections accepted and kept, nothing forwarded either way: a store that hangs,
// or a network partition; what was sent meanwhile is held, as TCP would, and delivered on resume);
// mute (the store's answers on open connections held: a write commits and its answer is lost);
// cut (every connection destroyed, new ones still accepted: connections killed mid-stream);
// resume (pass through again).
import net from 'node:net';

export type ProxyMode = 'pass' | 'stopped' | 'black-hole';

export interface TcpProxy {
  /** The port it listens on (127.0.0.1). */
  readonly port: number;
  readonly mode: ProxyMode;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** Destroys every connection and refuses new ones. */
  stop(): void;
  /** Keeps connections, accepts new ones, forwards nothing until `resume`. */
  blackHole(): void;
  /**
   * On the connections open now, holds what the store answers and still forwards what the client
   * sends (until `resume`): a write reaches the store and commits, and its answer is lost.
   */
  mute(): void;
  /** Destroys every connection now; new ones pass. Returns how many were cut. */
  cut(): number;
  /** Passes traffic again (and delivers what a black hole held). */
  resume(): void;
  close(): Promise<void>;
}

interface Pair {
  readonly client: net.Socket;
  /** Null until the connection to the target is begun (a connection accepted while black-holed waits for resume). */
  upstream: net.Socket | null;
}

/** Both ways (once: unpiped first); piping resumes a paused source. */
const join = (pair: Pair): void => {
  pair.client.unpipe(pair.upstream!);
  pair.upstream!.unpipe(pair.client);
  pair.client.pipe(pair.upstream!);
  pair.upstream!.pipe(pair.client);
};

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: ProxyMode = 'pass';
  let accepted = 0;
  const pairs = new Set<Pair>();

  const destroy = (pair: Pair): void => {
    pairs.delete(pair);
    pair.client.destroy();
    pair.upstream?.destroy();
  };

  const connectUpstream = (pair: Pair): void => {
    const upstream = net.connect(target.port, target.host);
    pair.upstream = upstream;
    upstream.on('error', () => destroy(pair));
    upstream.on('close', () => destroy(pair));
    // Until joined, what the client sends waits in its socket (a socket without a reader is paused).
    upstream.on('connect', () => {
      if (mode === 'pass' && pairs.has(pair)) join(pair);
    });
  };

  const server = net.createServer((client) => {
    if (mode === 'stopped') {
      client.destroy();
      return;
    }
    accepted++;
    const pair: Pair = { client, upstream: null };
    pairs.add(pair);
    client.on('error', () => destroy(pair));
    client.on('close', () => destroy(pair));
    // Black-holed: held until resume, read by nobody, so that what it sends waits in its socket.
    if (mode === 'pass') connectUpstream(pair);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    get mode() {
      return mode;
    },
    get accepted() {
      return accepted;
    },
    stop() {
      mode = 'stopped';
      for (const pair of [...pairs]) destroy(pair);
    },
    blackHole() {
      mode = 'black-hole';
      for (const pair of pairs) {
        // Unpiped and paused: nothing is read from either side, so nothing is forwarded.
        pair.client.unpipe();
        pair.upstream?.unpipe();
        pair.client.pause();
        pair.upstream?.pause();
      }
    },
    mute() {
      for (const pair of pairs) {
        pair.upstream?.unpipe(pair.client);
        pair.upstream?.pause();
      }
    },
    cut() {
      const count = pairs.size;
      for (const pair of [...pairs]) destroy(pair);
      return count;
    },
    resume() {
      mode = 'pass';
      for (const pair of pairs) {
        if (!pair.upstream) connectUpstream(pair);
        else if (!pair.upstream.connecting) join(pair);
      }
    },
    close: async () => {
      for (const pair of [...pairs]) destroy(pair);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
