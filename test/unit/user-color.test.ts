// Authors' colours (shared/user-color.ts): the members of a group get distinct palette colours,
// the same on every client whatever order it lists them in; others keep the hashed colour.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignColors, colorForId, PALETTE } from '../../shared/user-color';

describe('assignColors', () => {
  it('gives up to twelve members twelve different colours, the same for any order of the list', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.uuid(), { minLength: 1, maxLength: PALETTE.length }), fc.nat(), (ids, seed) => {
      const colors = assignColors(ids);
      expect(new Set(colors.values()).size).toBe(ids.length);
      const shuffled = [...ids].sort((a, b) => ((a.charCodeAt(seed % a.length) ^ seed) - (b.charCodeAt(seed % b.length) ^ seed)));
      expect(assignColors(shuffled)).toEqual(colors);
    }), { numRuns: 300 });
  });

  it('gives more members than colours every colour before any twice', () => {
    const ids = Array.from({ length: 30 }, (_, i) => `user-${i}`);
    const counts = new Map<string, number>();
    for (const color of assignColors(ids).values()) counts.set(color, (counts.get(color) ?? 0) + 1);
    expect(counts.size).toBe(PALETTE.length);
    expect(Math.max(...counts.values()) - Math.min(...counts.values())).toBeLessThanOrEqual(1);
  });

  it('leaves the hashed colour to an id outside the members', () => {
    expect(colorForId('an imported author')).toMatch(/^#[0-9a-f]{6}$/);
    expect(colorForId('an imported author')).toBe(colorForId('an imported author'));
  });
});
