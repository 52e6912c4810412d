// `draftroom import` run as a real process: JSON on stdout or in --out, one-line errors, exit codes.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDocument } from '../../shared/import';
import { fixtureBytes, fixturePath } from './import-fixtures';
import { builtCli } from '../../bin/build-node.mjs';

const CLI = resolve(process.cwd(), 'bin/draftroom');
let dir: string;

function draftroom(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, 'import', ...args], { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'draftroom-import-'));
  // built before the first command (after a source changed, its first run would build and say so on stderr)
  await builtCli(() => {});
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('draftroom import', () => {
  it('prints the ProseMirror JSON of a fixture', async () => {
    const { code, stdout, stderr } = await draftroom(fixturePath('pp18-ecp6-res185-sup.txt'));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const expected = await importDocument(fixtureBytes('pp18-ecp6-res185-sup.txt'));
    expect(JSON.parse(stdout)).toEqual(expected.toJSON());
  });

  it('prints the import report on stderr: what was dropped and which references were inferred', async () => {
    const file = join(dir, 'debris.txt');
    await writeFile(file, [
      'ECP-1:\tRevision to Resolution 1: T', 'RESOLUTION 1 (Rev. Busan, 2014) HYPERLINK "https://www.itu.int/x"', 'T', 'Reasons:\tR.', '* * *',
      'MOD\tEUR/48A1/2', 'RESOLUTION 2 (Rev. Busan, 2014)', 'T', 'Reasons:\tR.', '\uf0b7 www.itu.int/pp \uf0b7', 'P:\\ENG\\PP18\\048ADD01E.docx',
    ].join('\n'));
    const { code, stdout, stderr } = await draftroom(file);
    expect(code).toBe(0);
    expect(stderr.trim().split('\n')).toEqual([
      `${file}: dropped 1 field code, 1 page footer, 1 template line`,
      `${file}: inferred 1 reference number from the serial order of the neighbouring proposals: EUR/48A1/1 (ECP-1: Revision to Resolution 1: T)`,
    ]);
    expect(JSON.parse(stdout).content.map((n: { attrs: { ref: string } }) => n.attrs.ref)).toEqual(['EUR/48A1/1', 'EUR/48A1/2']);
  });

  it('writes --out and honours --format', async () => {
    const out = join(dir, 'doc.json');
    const { code, stdout } = await draftroom(fixturePath('pp14-wgpl149-res64-mod.md'), '--format', 'text', '--out', out);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    const json = JSON.parse(await readFile(out, 'utf8'));
    const asText = await importDocument(fixtureBytes('pp14-wgpl149-res64-mod.md'), { format: 'text' });
    expect(json).toEqual(asText.toJSON());
    expect(JSON.stringify(json)).not.toContain('"insertion"');
  });

  it('writes compact JSON unless --pretty asks for it indented', async () => {
    const file = fixturePath('pp18-ecp6-res185-sup.txt');
    const expected = (await importDocument(fixtureBytes('pp18-ecp6-res185-sup.txt'))).toJSON();
    const compact = await draftroom(file);
    expect(compact.stdout).toBe(`${JSON.stringify(expected)}\n`);
    const out = join(dir, 'pretty.json');
    const pretty = await draftroom(file, '--out', out, '--pretty');
    expect(pretty.code).toBe(0);
    expect(await readFile(out, 'utf8')).toBe(`${JSON.stringify(expected, null, 2)}\n`);
  });

  it.each([
    ['a missing file', ['no-such-file.txt'], /^draftroom import: cannot read no-such-file\.txt: no such file$/],
    ['no file', [], /^draftroom import: usage: draftroom import FILE/],
    ['a bad format', ['x.txt', '--format', 'pdf'], /^draftroom import: --format must be one of text, markdown, docx \(got 'pdf'\)$/],
    ['a docx', [fixturePath('pp18-ecp6-res185-sup.txt'), '--format', 'docx'], /the input is not a \.docx file \(not a zip archive\)$/],
  ])('fails on %s with one line and exit code 1', async (_name, args, message) => {
    const { code, stdout, stderr } = await draftroom(...args);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr.trim()).toMatch(message);
  });

  it('fails on binary and empty files without a stack trace', async () => {
    const binary = join(dir, 'garbage.bin');
    await writeFile(binary, new Uint8Array(2048).map((_, i) => (i * 31 + 7) % 256));
    const empty = join(dir, 'empty.txt');
    await writeFile(empty, '');
    for (const file of [binary, empty]) {
      const { code, stderr } = await draftroom(file);
      expect(code).toBe(1);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(/cannot import: /);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('prints its usage with --help, and every command\'s with draftroom --help', async () => {
    const own = await draftroom('--help');
    expect(own).toMatchObject({ code: 0, stderr: '' });
    expect(own.stdout.trim()).toBe('usage: draftroom import FILE [--format text|markdown|docx] [--out doc.json] [--pretty]');
    const all = await new Promise<string>((done, fail) => {
      execFile(process.execPath, [CLI, '--help'], (err, stdout) => (err ? fail(err) : done(stdout)));
    });
    for (const command of ['serve', 'import', 'export', 'lint', 'library', 'user', 'bench']) expect(all).toMatch(new RegExp(`^  ${command}\\s`, 'm'));
  });
});
