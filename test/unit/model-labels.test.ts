// Item labels: nextLabel against every labelled list of the WTDC-22 resolutions fixture.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { firstLabel, itemLabel, nextLabel } from '../../shared/model';
import { schema } from '../../shared/schema';

const fixture = (name: string) => readFileSync(new URL(`../../../shared/fixtures/${name}`, import.meta.url), 'utf8');

function labelOf(line: string): string | null {
  return /^([^\t ]{1,6}) ?\t/.exec(line)?.[1] ?? null;
}

const kind = (label: string) => `${/\d/.test(label) ? 'digit' : 'alpha'}${label.replace(/[\da-zA-Z]/g, '')}`;

describe('nextLabel', () => {
  it('continues every list of the WTDC-22 resolutions', () => {
    const lines = fixture('wtdc22-resolutions.txt').split(/\r?\n/);
    let checked = 0;
    const wrong: string[] = [];
    let prev: string | null = null;
    let roman = false;
    for (const line of lines) {
      const label = labelOf(line);
      // A list of sub-items starts at `i)` right after a numbered item (never after `h)`).
      if (label === 'i)') roman = prev !== 'h)';
      else if (label && !/^[ivx]+\)$/.test(label)) roman = false;
      if (prev && label && kind(prev) === kind(label) && !['1', 'a)', '1)', 'i)'].includes(label)) {
        const expected = nextLabel(prev, roman ? 1 : 0);
        checked++;
        if (expected !== label) wrong.push(`${prev} -> ${label}: got ${expected}`);
      }
      prev = label;
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(500);
  });

  it('handles letters, numbers, roman numerals, brackets and dashes', () => {
    expect(nextLabel('a)')).toBe('b)');
    expect(nextLabel('z)')).toBe('aa)');
    expect(nextLabel('A)')).toBe('B)');
    expect(nextLabel('9')).toBe('10');
    expect(nextLabel('(c)')).toBe('(d)');
    expect(nextLabel('i)', 0)).toBe('j)');
    expect(nextLabel('i)', 1)).toBe('ii)');
    expect(nextLabel('iii)')).toBe('iv)');
    expect(nextLabel('viii)', 1)).toBe('ix)');
    expect(nextLabel('–')).toBe('–');
    expect(nextLabel('not a label at all')).toBe('not a label at all');
  });

  it('starts operative lists at 1 and preamble lists at a)', () => {
    expect(firstLabel('resolves')).toBe('1');
    expect(firstLabel('instructs the Director of the Telecommunication Development Bureau')).toBe('1');
    expect(firstLabel('further resolves')).toBe('1');
    expect(firstLabel('considering')).toBe('a)');
    expect(firstLabel('recognizing further')).toBe('a)');
    expect(firstLabel(null, 1)).toBe('i)');
  });
});

describe('itemLabel', () => {
  it('reads the label before the tab, and nothing from an unlabelled item', () => {
    expect(itemLabel(schema.nodes.item.create(null, schema.text('b)\tthe commitment of the Tunis Agenda')))).toBe('b)');
    expect(itemLabel(schema.nodes.item.create(null, schema.text('the commitment\tof the Tunis Agenda')))).toBeNull();
    expect(itemLabel(schema.nodes.item.create())).toBeNull();
  });
});
