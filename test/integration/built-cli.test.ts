// The JavaScript build (bin/build-node.mjs) runs without tsx: the built CLI imports a real fixture
// with NODE_OPTIONS cleared and prints what the importer makes of it in process, and the built
// `serve` answers /api/session on a free port, runs an import in its built worker entry and
// exports a document (the exporters are loaded lazily).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, realpathSync, symlinkSync, utimesSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtCli } from '../../bin/build-node.mjs';
import { importWithReport } from '../../shared/import';
import { api, signIn, tempDataDir } from './helpers';

const FIXTURE = '../shared/fixtures/pp18-ecp6-res185-sup.txt';
const REPO = process.cwd();
/** The environment of a user's shell: no loader options inherited from vitest. */
const ENV = { ...process.env, NODE_OPTIONS: '' };

let cli: string;
let server: ChildProcess | undefined;
const data = tempDataDir();

beforeAll(async () => {
  cli = fileURLToPath(await builtCli(() => {}));
}, 60_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((done) => server!.once('exit', done));
    server.kill('SIGTERM');
    await exited;
  }
  data.remove();
});

describe('the JavaScript build', () => {
  it('loads no TypeScript and no tsx', () => {
    const dir = dirname(cli);
    const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
    expect(files).toEqual(expect.arrayContaining(['cli.js', 'import-job.js']));
    for (const file of files) {
      const code = readFileSync(join(dir, file), 'utf8');
      // Static imports at a line's start, dynamic ones anywhere (a type in a comment, './x.d.ts', is no import).
      expect(code, file).not.toMatch(/^(?:import|export)\b[^;]*?from\s*["'](?:tsx\b|[^"']+\.tsx?["'])/m);
      expect(code, file).not.toMatch(/\bimport\(\s*["'](?:tsx\b|[^"'\n]+(?<!\.d)\.tsx?["'])/);
    }
  });

  it('imports a fixture like the importer does in process', async () => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, 'import', FIXTURE], { env: ENV, maxBuffer: 64 * 1024 * 1024 });
    const { doc } = await importWithReport(readFileSync(FIXTURE, 'utf8'));
    expect(JSON.parse(stdout)).toEqual(doc.toJSON());
    expect(stderr).not.toMatch(/error|tsx/i);
  }, 30_000);

  it('serves: /api/session answers, an import runs in the built worker, an export loads the exporters', async () => {
    server = spawn(process.execPath, [cli, 'serve', '--port', '0', '--no-build', '--data', data.dir], { env: ENV });
    let output = '';
    const url = await new Promise<string>((done, fail) => {
      server!.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /Draftroom is running at (\S+)/.exec(output);
        if (match) done(match[1]);
      });
      server!.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
      server!.once('exit', (code) => fail(new Error(`the server exited with ${code}:\n${output}`)));
    });
    expect((await api({ url }, 'GET', '/api/session')).status).toBe(401);
    const coordinator = await signIn({ url }, 'coordinator');
    const res = await fetch(`${url}/api/library/import?format=text`, {
      method: 'POST', body: readFileSync(FIXTURE),
      headers: { cookie: coordinator.cookie, 'x-csrf-token': coordinator.csrfToken, 'content-type': 'application/octet-stream' },
    });
    const body = await res.json() as { entries: Array<{ kind: string; number: string }> };
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body.entries.map((e) => `${e.kind} ${e.number}`)).toEqual(['RESOLUTION 185']);
    // The exporters load on the first export (server/api.ts): the demo document as a submission .docx.
    const [demo] = (await api(coordinator, 'GET', '/api/documents')).body.documents as Array<{ id: string }>;
    const exported = await fetch(`${url}/api/documents/${demo.id}/export?format=submission`, { headers: { cookie: coordinator.cookie } });
    expect(exported.status).toBe(200);
    expect(Buffer.from(await exported.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
    expect(output).not.toMatch(/worker failed|tsx/i);
  }, 60_000);
});

describe('the launcher (bin/draftroom) in a clone without a build', () => {
  const root = tempDataDir();
  const clone = join(root.dir, 'draftroom');
  const run = (...args: string[]) => promisify(execFile)(process.execPath, ['bin/draftroom', ...args], { cwd: clone, env: ENV, maxBuffer: 64 * 1024 * 1024 });
  const fixture = resolve(FIXTURE);

  beforeAll(() => {
    for (const path of ['bin', 'server', 'shared', 'package.json', 'tsconfig.json']) cpSync(join(REPO, path), join(clone, path), { recursive: true });
    symlinkSync(realpathSync(join(REPO, 'node_modules')), join(clone, 'node_modules'));
  });
  afterAll(() => root.remove());

  it('processes started at once each get a whole build; later runs build again only when a source changed', async () => {
    const first = await Promise.all([run('import', fixture), run('import', fixture), run('lint', '--help')]);
    for (const { stderr } of first) expect(stderr).toMatch(/^(Building the server and CLI \(esbuild\) \.\.\.\n)?$/);
    expect(JSON.parse(first[0].stdout)).toEqual(JSON.parse(first[1].stdout));
    const current = () => JSON.parse(readFileSync(join(clone, 'dist/node/current.json'), 'utf8')) as { dir: string };
    const built = current().dir;

    const again = await run('import', fixture);
    expect(again.stderr).toBe('');
    expect(current().dir).toBe(built);

    const source = join(clone, 'shared/import/index.ts');
    const later = new Date(Date.now() + 2000);
    utimesSync(source, later, later);
    const rebuilt = await run('import', fixture);
    expect(rebuilt.stderr).toBe('Building the server and CLI (esbuild) ...\n');
    expect(current().dir).not.toBe(built);
    expect(JSON.parse(rebuilt.stdout)).toEqual(JSON.parse(first[0].stdout));
  }, 120_000);
});
