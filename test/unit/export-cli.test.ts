// `draftroom export` and `draftroom lint` run as a user runs them: real processes, real files.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docxPart, wordRevisions } from './export-office';
import { docWithSuggestion, sampleDoc } from './export-sample';

const exec = promisify(execFile);
const BIN = resolve(process.cwd(), 'bin/draftroom');

async function draftroom(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec('node', [BIN, ...args], { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let dir: string;
let good: string;
let suggested: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'draftroom-cli-'));
  good = join(dir, 'doc.json');
  suggested = join(dir, 'suggested.json');
  await writeFile(good, JSON.stringify(sampleDoc().toJSON()));
  await writeFile(suggested, JSON.stringify(docWithSuggestion().toJSON()));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('draftroom export', () => {
  it('writes a submission .docx with the group as author', async () => {
    const out = join(dir, 'submission.docx');
    const result = await draftroom('export', good, '--format', 'submission', '--out', out, '--group', 'CEPT');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^wrote .*submission\.docx \(submission, \d+ bytes\)\n$/);
    const revs = wordRevisions(docxPart(await readFile(out), 'word/document.xml'));
    expect(revs.authors).toEqual(new Set(['CEPT']));
    expect(revs.ins).toBe(5);
  });

  it('refuses a submission with suggested changes unless --include-suggested', async () => {
    const out = join(dir, 'refused.docx');
    const refused = await draftroom('export', suggested, '--format', 'submission', '--out', out);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('draftroom export: the document has 2 suggested changes not yet agreed');
    expect(refused.stderr).toContain('EUR/48A1/1: insertion by Carol Diaz: "and ITU-D"');
    await expect(readFile(out)).rejects.toThrow(/ENOENT/);
    const included = await draftroom('export', suggested, '--format', 'submission', '--out', out, '--include-suggested');
    expect(included.code).toBe(0);
    expect((await readFile(out)).length).toBeGreaterThan(1000);
  });

  it('refuses a document with lint errors, one line each, unless --force', async () => {
    // Two units without reference numbers (lint: missing-ref), as a real import without action lines gives them.
    const doc = sampleDoc().toJSON() as { content: { type: string; attrs?: Record<string, unknown> }[] };
    const units = doc.content.filter((n) => n.type === 'proposal');
    units[1].attrs = { ...units[1].attrs, ref: '' };
    units[2].attrs = { ...units[2].attrs, ref: '' };
    const broken = join(dir, 'broken.json');
    await writeFile(broken, JSON.stringify(doc));
    const out = join(dir, 'broken.docx');
    const refused = await draftroom('export', broken, '--format', 'review', '--out', out);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    const lines = refused.stderr.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.slice(0, 2).every((line) => line.startsWith(`${broken}: error missing-ref: `))).toBe(true);
    expect(lines[2]).toBe('draftroom export: 2 lint errors: fix them, or export anyway with --force');
    await expect(readFile(out)).rejects.toThrow(/ENOENT/);
    const forced = await draftroom('export', broken, '--format', 'review', '--out', out, '--force');
    expect(forced).toMatchObject({ code: 0, stderr: '' });
    expect((await readFile(out)).length).toBeGreaterThan(1000);
    // Warnings never block (the good document has two).
    expect((await draftroom('export', good, '--format', 'review', '--out', out)).code).toBe(0);
  });

  it('writes the HTML preview', async () => {
    const out = join(dir, 'preview.html');
    expect((await draftroom('export', good, '--format', 'html', '--out', out)).code).toBe(0);
    expect(await readFile(out, 'utf8')).toContain('<p class="ActionLine"><span class="label"><strong>MOD</strong></span>');
  });

  it('answers bad input with one line and exit code 1', async () => {
    const notJson = join(dir, 'bad.json');
    await writeFile(notJson, '{"type": "doc", ');
    const notDoc = join(dir, 'notdoc.json');
    await writeFile(notDoc, JSON.stringify({ type: 'doc', content: [{ type: 'banana' }] }));
    const cases: Array<[string[], RegExp]> = [
      [['export', notJson, '--format', 'clean', '--out', join(dir, 'x.docx')], /^draftroom export: .*bad\.json is not valid JSON \(.+\)\n$/],
      [['export', notDoc, '--format', 'clean', '--out', join(dir, 'x.docx')], /^draftroom export: .*notdoc\.json does not fit the Draftroom schema: .*banana.*\n$/],
      [['export', join(dir, 'missing.json'), '--format', 'clean', '--out', join(dir, 'x.docx')], /^draftroom export: cannot read .*missing\.json: no such file\n$/],
      [['export', good, '--format', 'pdf', '--out', join(dir, 'x.pdf')], /^draftroom export: --format must be one of submission, review, clean, html \(got 'pdf'\)\n$/],
      [['export', good, '--format', 'clean'], /^draftroom export: --out FILE is required\n$/],
      [['export'], /^draftroom export: usage: draftroom export doc\.json --format/],
    ];
    const results = await Promise.all(cases.map(([args]) => draftroom(...args)));
    results.forEach((result, i) => {
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(cases[i][1]);
    });
  });
});

describe('draftroom lint', () => {
  it('prints one line per problem and exits 1 when one is an error', async () => {
    const result = await draftroom('lint', suggested);
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe(`${suggested}: error suggested-change [EUR/48A1/1]: suggested insertion by Carol Diaz in EUR/48A1/1 not yet agreed: "and ITU-D"`);
    expect(lines.at(-1)).toBe('2 errors, 1 warning');
  });

  it('exits 0 when there are only warnings', async () => {
    const result = await draftroom('lint', good);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${good}: warning sup-with-body [EUR/48A1/3]:`);
    expect(result.stdout.trim().split('\n').at(-1)).toBe('0 errors, 2 warnings');
  });

  it('rejects bad input with one line', async () => {
    const result = await draftroom('lint', join(dir, 'nothing.json'));
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toMatch(/^draftroom lint: cannot read .*nothing\.json: no such file\n$/);
  });
});
