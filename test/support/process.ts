// Node processes for the tests and the benchmark: a Tessera server as a separate operating-system
// process (`src/main.ts` under tsx), for the tests that need several processes over one store; and
// the general `startNode` underneath, which waits until a URL answers.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from './free-port.js';

export interface NodeProcess {
  readonly child: ChildProcess;
  /** What the process wrote to stdout and stderr (empty when they are passed through). */
  output(): string;
  stop(): Promise<void>;
}

export interface TesseraProcess {
  readonly url: string;
  readonly child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

const root = path.resolve(import.meta.dirname, '..', '..');

/** Runs `node <args>` in the repository and resolves once `readyUrl` answers 2xx (30 s at most). */
export async function startNode(args: string[], env: Record<string, string>, readyUrl: string, options: { passOutput?: boolean } = {}): Promise<NodeProcess> {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', options.passOutput ? 'ignore' : 'pipe', options.passOutput ? 'inherit' : 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`node ${args.join(' ')} exited with ${child.exitCode}: ${output}`);
    if (await fetch(readyUrl).then((r) => r.ok, () => false)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`node ${args.join(' ')} did not start in 30 s: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Tessera (`src/main.ts`) in a process of its own; `nodeArgs` go to node before it (e.g. `--expose-gc`). */
export async function startProcess(env: Record<string, string>, options: { nodeArgs?: string[] } = {}): Promise<TesseraProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = await startNode(
    [...(options.nodeArgs ?? []), '--import', 'tsx', 'src/main.ts'],
    { HOST: '127.0.0.1', PORT: String(port), TESSERA_PUBLIC_URL: url, LOG_LEVEL: 'warn', ...env },
    `${url}/api/access-token/scopes`,
  );
  return { url, child: started.child, output: () => started.output(), stop: () => started.stop() };
}
