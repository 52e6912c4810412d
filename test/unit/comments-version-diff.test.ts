// The compare view's diff on the real Resolution 133 proposal: words changed inside a block, a
// block added by a co-author (attributed through their insertion mark), a block removed, and the
// revision marks of changes older than the first version left out.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Node as PMNode } from 'prosemirror-model';
import { Transform } from 'prosemirror-transform';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importDocument } from '../../shared/import';
import { schema } from '../../shared/schema';
import { compareVersions } from '../../client/review/history/version-diff';
import { posOf } from './track-doc';

async function res133(): Promise<PMNode> {
  const text = readFileSync(path.resolve(process.cwd(), '../shared/fixtures/pp18-ecp1-res133-mod.txt'), 'utf8');
  return importDocument(text, { format: 'text' });
}

function blockStart(doc: PMNode, phrase: string): { pos: number; node: PMNode } {
  const $pos = doc.resolve(posOf(doc, phrase));
  return { pos: $pos.before(), node: $pos.parent };
}

/** The text under each kind of mark, with its author name: "ins(boris):text". */
function marked(doc: PMNode): string[] {
  const out: string[] = [];
  doc.descendants((node) => {
    for (const mark of node.marks) {
      if (mark.type.name !== 'insertion' && mark.type.name !== 'deletion') continue;
      const text = node.isText ? node.text! : node.type.name === 'hard_break' ? '⏎' : '□';
      const key = `${mark.type.name === 'insertion' ? 'ins' : 'del'}(${mark.attrs.authorName})`;
      const last = out[out.length - 1];
      if (last?.startsWith(`${key}:`)) out[out.length - 1] = last + text;
      else out.push(`${key}:${text}`);
    }
  });
  return out;
}

describe('comparing two versions', () => {
  it('shows words changed, blocks added and removed, attributed to their authors', async () => {
    const older = await res133();
    const boris = schema.marks.insertion.create({ id: 'b1', author: 'u-boris', authorName: 'boris.petrov', time: 9, status: 'suggested' });
    const tr = new Transform(older);
    // A word replaced outright (a coordinator's untracked edit): unattributed.
    const at = posOf(older, 'regional root servers');
    tr.replaceWith(at, at + 'regional'.length, schema.text('national'));
    // A paragraph added by Boris in track mode.
    const item = blockStart(tr.doc, 'the commitment of the Tunis Agenda');
    tr.insert(item.pos, schema.nodes.paragraph.create(null, schema.text('A new paragraph by Boris.', [boris])));
    // A whole item removed.
    const gone = blockStart(tr.doc, 'past successful standardization activities');
    tr.delete(gone.pos, gone.pos + gone.node.nodeSize);
    const result = compareVersions(older, tr.doc);

    expect(marked(result.doc)).toEqual([
      'ins(boris.petrov):A new paragraph by Boris.',
      'del(Unattributed):regional', 'ins(Unattributed):national',
      `del(Unattributed):d)\t${gone.node.textContent.slice(3)}⏎`,
    ]);
    expect(result.authors.map((a) => [a.name, a.inserted, a.deleted])).toEqual([
      ['boris.petrov', 25, 0], ['Unattributed', 8, 'regional'.length + gone.node.textContent.length + 1],
    ]);
    // The layout is the newer document's: same block types, in order.
    const types = (doc: PMNode) => { const t: string[] = []; doc.descendants((n) => { if (n.isBlock) t.push(n.type.name); return true; }); return t; };
    expect(types(result.doc)).toEqual(types(tr.doc));
    result.doc.check();
  });

  it('attributes an accepted deletion to its author and drops the marks of older changes', async () => {
    const base = await res133();
    const older0 = new Transform(base);
    const carla = schema.marks.insertion.create({ id: 'old', author: 'u-carla', authorName: 'carla', time: 1, status: 'agreed' });
    older0.addMark(posOf(base, 'Tunis Agenda'), posOf(base, 'Tunis Agenda') + 5, carla);
    const anna = schema.marks.deletion.create({ id: 'd1', author: 'u-anna', authorName: 'anna.schmidt', time: 2, status: 'suggested' });
    const phrase = posOf(older0.doc, ' and keyword look-up');
    older0.addMark(phrase, phrase + ' and keyword look-up'.length, anna);
    const older = older0.doc;
    const newer = new Transform(older).delete(phrase, phrase + ' and keyword look-up'.length).doc; // Anna's deletion accepted
    const result = compareVersions(older, newer);
    expect(marked(result.doc)).toEqual(['del(anna.schmidt): and keyword look-up']);
    expect(result.authors.map((a) => a.name)).toEqual(['anna.schmidt']);
    expect(compareVersions(older, older)).toMatchObject({ inserted: 0, deleted: 0, authors: [] });
  });

  it('gives back the newer text without its deletions and the older text without its insertions (property)', () => {
    const word = fc.constantFrom('considering', 'resolves', 'ITU', 'Member', 'States', 'the', 'of', 'a)', '2018', 'domain');
    const paragraphs = fc.array(fc.array(word, { minLength: 0, maxLength: 8 }).map((w) => w.join(' ')), { minLength: 1, maxLength: 6 });
    const docOf = (texts: string[]) => schema.node('doc', null, texts.map((t) => schema.node('paragraph', null, t ? [schema.text(t)] : [])));
    /** Text of the blocks joined by newlines, leaving out one kind of mark (a hard break reads as a newline). */
    const textWithout = (doc: PMNode, kind: string) => {
      const blocks: string[] = [];
      doc.forEach((block) => {
        if (kind === 'insertion' && (block.attrs.track as { kind: string }[] | null)?.some((r) => r.kind === 'insertion')) return;
        let text = '';
        block.forEach((node) => {
          if (node.marks.some((m) => m.type.name === kind)) return;
          text += node.isText ? node.text : '\n';
        });
        blocks.push(text);
      });
      return blocks.join('\n');
    };
    fc.assert(fc.property(paragraphs, paragraphs, (a, b) => {
      const older = docOf(a), newer = docOf(b);
      const { doc } = compareVersions(older, newer);
      doc.check();
      expect(textWithout(doc, 'deletion')).toBe(b.join('\n'));
      expect(textWithout(doc, 'insertion')).toBe(a.join('\n'));
    }), { numRuns: 300 });
  });
});
