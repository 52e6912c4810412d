// `draftroom library import|list` as a user runs them on a data dir: an empty library is seeded
// with the base texts first, the file's resolutions are added (a newer revision supersedes the one
// in force), and bad input gets one line and exit code 1.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath, fixtureText } from './import-fixtures';

const BIN = resolve(process.cwd(), 'bin/draftroom');

async function draftroom(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)('node', [BIN, ...args], { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'draftroom-library-cli-'));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('draftroom library', () => {
  it('seeds an empty library, then adds the resolutions of a file', async () => {
    const data = join(dir, 'data');
    const added = await draftroom('library', 'import', fixturePath('pp14-wgpl149-add-new-resolutions.md'), '--data', data);
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('Library: added 14 provisions from wtdc22-resolutions.txt.');
    expect(added.stdout).toContain('in force\tDRAFT NEW RESOLUTION [WG-PL/7]\tUsing ICTs to break the chain of health-related emergencies');
    expect(added.stdout.trim().split('\n').at(-1)).toBe('pp14-wgpl149-add-new-resolutions.md: 2 added, 0 replaced, 0 older revisions kept as superseded');
    const list = await draftroom('library', 'list', '--data', data);
    expect(list.stdout.trim().split('\n')).toHaveLength(16);
    expect((await draftroom('library', 'list', '30', '--data', data)).stdout).toMatch(/^RESOLUTION 30 \(Rev\. Kigali, 2022\)\tRole of the ITU Telecommunication Development Sector/);
  });

  it('stores the cross-Sector mapping of a mapping document', async () => {
    const result = await draftroom('library', 'import', fixturePath('tsag-mapping-excerpt.txt'), '--data', join(dir, 'mapping'));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^tsag-mapping-excerpt\.txt: 22 mapping rows, \d+ cross-Sector relations$/m);
    expect(result.stdout).not.toContain('not read');
  });

  it('lint --data warns of a MOD citing a resolution by a revision older than the library\'s', async () => {
    const data = join(dir, 'data'); // seeded with the WTDC-22 resolutions by the first test
    const doc = join(dir, 'mod.json');
    const text = (t: string) => [{ type: 'text', text: t }];
    await writeFile(doc, JSON.stringify({ type: 'doc', content: [{ type: 'proposal', attrs: { action: 'MOD', ref: 'EUR/1A1/1' }, content: [
      { type: 'resolution', attrs: { kind: 'RESOLUTION', number: '30' }, content: [
        { type: 'number_line', content: text('RESOLUTION 30 (Rev. Kigali, 2022)') },
        { type: 'paragraph', content: text('recalling Resolution 5 (Rev. Dubai, 2014) of the World Telecommunication Development Conference') },
      ] },
      { type: 'reasons', content: text('Reasons: Update.') },
    ] }] }));
    const withLibrary = await draftroom('lint', doc, '--data', data);
    expect(withLibrary.stdout).toContain(`${doc}: warning outdated-citation: "Resolution 5 (Rev. Dubai, 2014)" cites WTDC Res.5 (Rev. Dubai, 2014); the library's newest is Kigali, 2022`);
    expect((await draftroom('lint', doc)).stdout).not.toContain('outdated-citation');
    const missing = await draftroom('lint', doc, '--data', join(dir, 'nowhere'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nowhere holds no Draftroom data/);
  });

  it('keeps an older revision as superseded', async () => {
    const data = join(dir, 'older');
    // Resolution 30 as revised at Dubai, 2014 (the WTDC-17 proposal's base text) is older than Kigali, 2022.
    const file = join(dir, 'res30-2014.txt');
    await writeFile(file, fixtureText('wtdc17-ecp-res30-mod.txt').replace(/RESOLUTION 30 \(Rev\.[^)]*\)/, 'RESOLUTION 30 (Rev. Dubai, 2014)'));
    const result = await draftroom('library', 'import', file, '--format', 'text', '--data', data);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('res30-2014.txt: 0 added, 0 replaced, 1 older revisions kept as superseded');
    expect((await draftroom('library', 'list', '30', '--all', '--data', data)).stdout).toContain('(res30-2014.txt, superseded)');
  });

  it('answers bad input with one line and exit code 1', async () => {
    const empty = join(dir, 'no-resolutions.txt');
    await writeFile(empty, 'Just a letter.\n\nWith two paragraphs.\n');
    const cases: Array<[string[], RegExp]> = [
      [['library', 'import', join(dir, 'missing.txt'), '--data', join(dir, 'bad')], /^draftroom library: cannot read .*missing\.txt: no such file\n$/],
      [['library', 'import', empty, '--data', join(dir, 'bad')], /^draftroom library: .*no-resolutions\.txt: no resolution, decision or recommendation was found in it\n$/],
      [['library', 'import', empty, '--format', 'pdf'], /^draftroom library: --format must be one of text, markdown, docx \(got 'pdf'\)\n$/],
      [['library', 'remove'], /^draftroom library: usage: draftroom library import FILE/],
    ];
    for (const [args, expected] of cases) {
      const result = await draftroom(...args);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(expected);
    }
  });
});
