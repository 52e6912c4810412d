// How the review UI words a change: a change of white space alone is named, never an empty card.
import { describe, expect, it } from 'vitest';
import { kindLabel, snippet } from '../../client/review/format';

describe('change wording', () => {
  it('names white space that a change consists of', () => {
    expect(snippet({ text: ' ' })).toBe('(a space)');
    expect(snippet({ text: '\u00a0\u00a0 ' })).toBe('(3 spaces)');
    expect(snippet({ text: '\t ' })).toBe('(a space, a tab)');
    expect(snippet({ text: '' })).toBe('');
  });

  it('keeps text as it is, on one line, cut with an ellipsis', () => {
    expect(snippet({ text: ' the  words\nnext ' })).toBe('the words ¶ next');
    expect(snippet({ text: 'x'.repeat(100) }, 10)).toBe(`${'x'.repeat(9)}…`);
    expect(kindLabel({ kind: 'insertion', text: '\n' })).toBe('New paragraph');
  });
});
