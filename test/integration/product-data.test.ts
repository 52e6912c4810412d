// A clone of the repository alone, with no ../shared beside it: the server (`draftroom serve`, run
// as a user runs it, in a copy of the repository's product files) seeds the library with the 14
// WTDC-22 resolutions and builds the full demo from product data; `draftroom library import`
// adds more from the command line. The product texts are the fixtures' own texts.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, signIn, type Session } from './helpers';

const REPO = process.cwd();
const WTDC22 = ['5', '17', '18', '30', '34', '36', '45', '46', '48', '51', '55', '58', '76', '82'];

let root: string;
let clone: string;
let child: ChildProcess;
let output = '';
let url: string;
let as: Session;

/** Copies the files a clone has (no tests, no fixtures) into `dir`, with the installed node_modules. */
function cloneRepository(dir: string): void {
  for (const path of ['bin', 'server', 'shared', 'package.json', 'tsconfig.json']) cpSync(join(REPO, path), join(dir, path), { recursive: true });
  symlinkSync(realpathSync(join(REPO, 'node_modules')), join(dir, 'node_modules'));
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'draftroom-clone-'));
  clone = join(root, 'draftroom');
  mkdirSync(clone);
  cloneRepository(clone);
  child = spawn(process.execPath, ['bin/draftroom', 'serve', '--port', '0', '--no-build', '--data', join(root, 'data')], { cwd: clone });
  url = await new Promise<string>((done, fail) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Draftroom is running at (\S+)/.exec(output);
      if (match) done(match[1]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.once('exit', (code) => fail(new Error(`the server exited with ${code}:\n${output}`)));
  });
  as = await signIn({ url }, 'coordinator');
}, 60_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(root, { recursive: true, force: true });
});

describe('a clone with no ../shared beside it', () => {
  it('really has no fixtures folder to read', () => {
    expect(existsSync(resolve(clone, '..', 'shared', 'fixtures'))).toBe(false);
    expect(existsSync(join(clone, 'server', 'library', 'base-texts', 'wtdc22-resolutions.txt'))).toBe(true);
  });

  it('seeds the library with the 14 WTDC-22 resolutions, from the base texts', async () => {
    const { status, body } = await api(as, 'GET', '/api/library');
    expect(status).toBe(200);
    const entries = body.entries as { number: string; numberLine: string; source: string }[];
    expect(entries.map((e) => e.number).sort((a, b) => Number(a) - Number(b))).toEqual(WTDC22);
    expect(entries.every((e) => /\(Rev\. Kigali, 2022\)$/i.test(e.numberLine) && e.source === 'wtdc22-resolutions.txt')).toBe(true);
    expect(output).toContain('Library: added 14 provisions from wtdc22-resolutions.txt.');
  });

  it('creates the full demo: the whole Resolution 30 in force, the ECP-6 SUP and the WG-PL/7 ADD', async () => {
    expect(output).not.toMatch(/demo: not created/);
    const { body } = await api(as, 'GET', '/api/documents/demo/content');
    expect(body.content[0].type).toBe('cover');
    const proposals = body.content.filter((n: { type: string }) => n.type === 'proposal');
    expect(proposals.map((p: { attrs: { action: string; ref: string } }) => `${p.attrs.action} ${p.attrs.ref}`)).toEqual([
      'MOD EUR/XXA1/1', 'SUP EUR/XXA1/2', 'ADD EUR/XXA1/3',
    ]);
    const [mod, sup, add] = proposals.map((p: unknown) => JSON.stringify(p));
    expect(mod).toContain('RESOLUTION 30 (Rev. Kigali, 2022)');
    expect(mod).toContain('to submit contributions to CWG');
    expect(mod).not.toContain('RESOLUTION 34');
    expect(sup).toContain('RESOLUTION 185 (Busan, 2014)');
    expect(add).toContain('DRAFT NEW RESOLUTION [WG-PL/7]');
    expect(add).not.toContain('[WG-PL/8]');
  });

  it('ships the product texts as the fixtures have them', () => {
    const fixtures = resolve(REPO, '..', 'shared', 'fixtures');
    expect(readFileSync(join(clone, 'server/library/base-texts/wtdc22-resolutions.txt'), 'utf8')).toBe(readFileSync(join(fixtures, 'wtdc22-resolutions.txt'), 'utf8'));
    for (const name of ['pp18-ecp6-res185-sup.txt', 'pp14-wgpl149-add-new-resolutions.md']) {
      expect(readFileSync(join(clone, 'server/demo-texts', name), 'utf8')).toBe(readFileSync(join(fixtures, name), 'utf8'));
    }
  });

  it('adds provisions with `draftroom library import`, seen by the running server', async () => {
    const file = resolve(REPO, '..', 'shared', 'fixtures', 'pp14-wgpl149-add-new-resolutions.md');
    const { stdout } = await promisify(execFile)(process.execPath, ['bin/draftroom', 'library', 'import', file, '--data', join(root, 'data')], { cwd: clone });
    expect(stdout).toContain('pp14-wgpl149-add-new-resolutions.md: 2 added, 0 replaced');
    const { body } = await api(as, 'GET', `/api/library?q=${encodeURIComponent('[WG-PL/8]')}`);
    expect(body.entries.map((e: { numberLine: string }) => e.numberLine)).toEqual(['DRAFT NEW RESOLUTION [WG-PL/8]']);
  });
});
