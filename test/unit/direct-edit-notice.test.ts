// The direct-edit notice's reading of awareness (client/review/direct-editors.ts): only what the
// server announces counts, the user herself is left out, and the sentence names everyone.
import { describe, expect, it } from 'vitest';
import { announcedDirectEditors, directEditNotice } from '../../client/review/direct-editors';

describe('direct-edit notice', () => {
  it('reads the announcement, leaves out the user herself and malformed entries, and names everyone', () => {
    const states = new Map<number, Record<string, unknown>>([
      [1, { user: { id: 'u-a', name: 'anna' }, tracking: false }], // a client's own word is not the announcement
      [2, { directEditing: [{ id: 'u-c', name: 'carla', since: 1 }, { id: 'u-me', name: 'me', since: 2 }, { id: 7 }, null] }],
      [3, { directEditing: [{ id: 'u-b', name: 'boris', since: 3 }, { id: 'u-c', name: 'carla', since: 1 }] }],
    ]);
    const editors = announcedDirectEditors(states, 'u-me');
    expect(editors).toEqual([{ id: 'u-b', name: 'boris' }, { id: 'u-c', name: 'carla' }]);
    expect(directEditNotice(editors)).toBe('boris and carla are editing without tracking');
    expect(directEditNotice(editors.slice(1))).toBe('carla is editing without tracking');
    expect(announcedDirectEditors(new Map(), 'u-me')).toEqual([]);
  });
});
