// Builds the client with Vite when dist/client is missing or older than the client sources.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository (the folder with package.json above this module: server/ from source, dist/node/<build>/ built). */
export const ROOT = findRoot(fileURLToPath(new URL('.', import.meta.url)));
export const CLIENT_DIST = join(ROOT, 'dist', 'client');

function findRoot(from: string): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when the built client is missing or any source it is built from is newer. */
export function clientBuildIsStale(): boolean {
  const index = join(CLIENT_DIST, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  const sources = ['client', 'shared', 'vite.config.ts', 'package.json'].map((p) => join(ROOT, p)).filter(existsSync);
  return sources.some((p) => newestMtime(p) > built);
}

/** Runs `vite build` in-process when needed; returns whether it built. */
export async function ensureClientBuild(log: (line: string) => void = console.log): Promise<boolean> {
  if (!clientBuildIsStale()) return false;
  log('Building the client (vite build) ...');
  const { build } = await import('vite');
  // Vite bundles process.env.NODE_ENV as it finds it; under vitest that is 'test', which would ship
  // React's development build (slow, and StrictMode mounting everything twice).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  return true;
}
