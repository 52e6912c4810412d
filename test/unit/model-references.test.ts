// Reference numbers: parsing and the next serial of a document's proposals.
import { describe, expect, it } from 'vitest';
import { formatReference, nextReference, parseReference, proposalReferences } from '../../shared/model';
import { schema } from '../../shared/schema';

const { doc, proposal, paragraph, reasons } = schema.nodes;
const unit = (ref: string, action = 'MOD') => proposal.create({ action, ref }, [paragraph.create(), reasons.create()]);

describe('references', () => {
  it('parses the reference numbers seen in the fixtures', () => {
    expect(parseReference('EUR/48A1/1')).toEqual({ prefix: 'EUR/48A1/', serial: 1 });
    expect(parseReference('ECP/24A5/1')).toEqual({ prefix: 'ECP/24A5/', serial: 1 });
    expect(parseReference('WGPL/149/8')).toEqual({ prefix: 'WGPL/149/', serial: 8 });
    expect(parseReference(' EUR/XXA2/12 ')).toEqual({ prefix: 'EUR/XXA2/', serial: 12 });
    expect(parseReference('EUR/48A1/')).toBeNull();
    expect(parseReference('')).toBeNull();
    expect(formatReference({ prefix: 'ACP/67A1/', serial: 4 })).toBe('ACP/67A1/4');
  });

  it('numbers a new proposal after the highest serial of the last prefix', () => {
    const d = doc.create(null, [unit('EUR/XXA1/1'), unit(''), unit('EUR/XXA1/3', 'SUP'), unit('EUR/XXA1/2', 'ADD')]);
    expect(proposalReferences(d)).toEqual(['EUR/XXA1/1', 'EUR/XXA1/3', 'EUR/XXA1/2']);
    expect(nextReference(d)).toBe('EUR/XXA1/4');
  });

  it('follows the document part in use and starts at 1 without proposals', () => {
    expect(nextReference(doc.create(null, [unit('WGPL/149/1', 'SUP'), unit('WGPL/149/2')]))).toBe('WGPL/149/3');
    expect(nextReference(doc.create(null, [paragraph.create()]))).toBe('EUR/XXA1/1');
    expect(nextReference(doc.create(null, [paragraph.create()]), 'ACP/67A1/')).toBe('ACP/67A1/1');
  });
});
