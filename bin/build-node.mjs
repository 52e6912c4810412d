// Builds the server, shared/ and the CLI to JavaScript with esbuild, so that `draftroom` runs plain
// JavaScript (no TypeScript loader at start). Plain JavaScript itself: bin/draftroom imports it
// before anything is built, and `npm install` runs it (`prepare`: `node bin/build-node.mjs`).
//
// Layout: dist/node/<build>/cli.js (runs the CLI, bin/run.ts; each command its own chunk, loaded when run),
// dist/node/<build>/import-job.js (the import worker's entry) and their shared chunks;
// dist/node/current.json names the current build, the source files it was built from (for packages:
// npm's install record) and when.
// A build is written to a directory of its own and then named in current.json (written to a
// temporary file and renamed), so processes starting at once never see half a build, and a
// running server keeps the files it loads lazily. Packages stay in node_modules (not bundled).
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const NODE_DIST = join(ROOT, 'dist', 'node');
const CURRENT = join(NODE_DIST, 'current.json');
/** Bumped when the build's options or layout change, so that older builds count as stale. */
const FORMAT = 4;
/**
 * Packages left in node_modules: native code, the client's build tools, optional peers, and
 * iconv-lite (body-parser's, one copy in the lock file), whose 540 kB of encoding tables Node then
 * reads only when a request names a charset other than UTF-8, instead of holding them as source.
 */
const EXTERNAL = ['better-sqlite3', 'vite', 'esbuild', 'tsx', 'bufferutil', 'utf-8-validate', 'fsevents', 'iconv-lite'];
/** Older builds kept beside the current one (a server started from one may still load its chunks). */
const KEEP = 3;

/** The current build's record, or null when there is none (or it is unreadable or of another format). */
function current() {
  try {
    const record = JSON.parse(readFileSync(CURRENT, 'utf8'));
    return record.format === FORMAT && existsSync(join(NODE_DIST, record.dir, 'cli.js')) ? record : null;
  } catch {
    return null;
  }
}

/** True when there is no build or any source file it was built from changed (or went) since. */
export function nodeBuildIsStale() {
  const record = current();
  if (!record) return true;
  return record.inputs.some((input) => {
    try {
      return statSync(join(ROOT, input)).mtimeMs > record.startedAt;
    } catch {
      return true;
    }
  });
}

/** Builds into a new directory and makes it the current build; returns its directory. */
export async function buildNode() {
  const { build } = await import('esbuild');
  const startedAt = Date.now(); // before reading any source: an edit made during the build makes it stale
  const dir = `b${startedAt.toString(36)}-${process.pid.toString(36)}`;
  const outdir = join(NODE_DIST, dir);
  mkdirSync(NODE_DIST, { recursive: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { cli: 'bin/run.ts', 'import-job': 'server/import/job.ts' },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Packages are bundled too (Node resolving and reading hundreds of small files at start was
    // most of the start time), but for native and build-time ones and optional peers.
    external: EXTERNAL,
    // Bundled CommonJS packages call require(): give the ES module chunks one.
    banner: { js: "import { createRequire as __draftroomRequire } from 'node:module'; const require = __draftroomRequire(import.meta.url);" },
    // Chunks sit beside the entries: code that finds a file by import.meta.url finds it in one place.
    chunkNames: 'chunk-[hash]',
    // Whitespace and syntax minified, names kept: V8 holds every chunk's source for as long as the
    // process runs, and one non-ASCII character in a comment made it hold the server's 1.6 MB chunk
    // as UTF-16 (3.1 MiB of an 11.7 MiB heap at start). Stack traces map back with DEBUG=draftroom.
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = [...ownInputs(Object.keys(result.metafile.inputs)), 'tsconfig.json', 'bin/build-node.mjs'];
  const temp = `${CURRENT}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify({ format: FORMAT, dir, startedAt, inputs }));
  renameSync(temp, CURRENT);
  prune(dir);
  return outdir;
}

/**
 * The inputs whose change makes a build stale, checked at every start: our own sources, and for the
 * packages (two thirds of the bundle's files, stat'ed at every start for nothing) the record npm
 * rewrites whenever it installs, updates or removes one; package.json when there is none.
 */
function ownInputs(files) {
  const own = files.filter((file) => !/(^|\/)node_modules\//.test(file));
  if (own.length === files.length) return own;
  const record = ['node_modules/.package-lock.json', 'package-lock.json', 'package.json'].find((file) => existsSync(join(ROOT, file)));
  return record ? [...own, record] : files;
}

/** Removes all but the newest KEEP builds (never `keep`); another process pruning at once is no error. */
function prune(keep) {
  try {
    pruneOlder(keep);
  } catch {
    // a build another process removed meanwhile: the next build prunes again
  }
}

function pruneOlder(keep) {
  const builds = readdirSync(NODE_DIST, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== keep)
    .map((entry) => ({ name: entry.name, mtime: statSync(join(NODE_DIST, entry.name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const { name } of builds.slice(KEEP)) rmSync(join(NODE_DIST, name), { recursive: true, force: true });
}

/**
 * The file URL of the built CLI, built first when stale (`log` hears that it builds). Throws when
 * the build fails.
 */
export async function builtCli(log = (line) => console.error(line)) {
  if (!nodeBuildIsStale()) return pathToFileURL(join(NODE_DIST, current().dir, 'cli.js')).href;
  log('Building the server and CLI (esbuild) ...');
  return pathToFileURL(join(await buildNode(), 'cli.js')).href;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outdir = await buildNode().catch((err) => {
    console.error(`draftroom: the server build failed: ${err.message}`);
    process.exit(1);
  });
  console.log(`built ${outdir.slice(ROOT.length + 1)}`);
}
