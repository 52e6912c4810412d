// The server runs with the same node flags however it is started: `npm start` (package.json) and
// `draftroom` run as a program (bin/draftroom's first line); the benches read package.json's.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVE_NODE_FLAGS } from '../../bench/collab-server';

describe('node flags of the server', () => {
  it('are the same in npm start, in bin/draftroom and in the benches', () => {
    const shebang = readFileSync('bin/draftroom', 'utf8').split('\n')[0];
    expect(shebang).toMatch(/^#!\/usr\/bin\/env -S node( --\S+)*$/);
    const fromShebang = shebang.split(' ').filter((arg) => arg.startsWith('--'));
    expect(fromShebang).toEqual(SERVE_NODE_FLAGS);
    expect(SERVE_NODE_FLAGS).toContain('--max-semi-space-size=1');
  });
});
