// Test documents for the tracked-changes tests: a MOD proposal of WTDC Resolution 30 built from
// the real fixture text with the schema, plus helpers to drive EditorStates like a user would.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Node as PMNode, Mark } from 'prosemirror-model';
import { EditorState, TextSelection, type Command, type Transaction } from 'prosemirror-state';
import { schema } from '../../shared/schema';
import { suggestChanges, type TrackUser } from '../../shared/track';

export const alice: TrackUser = { id: 'u-alice', name: 'Alice' };
export const bob: TrackUser = { id: 'u-bob', name: 'Bob' };

export function fixture(name: string): string {
  return readFileSync(path.resolve(process.cwd(), '../shared/fixtures', name), 'utf8');
}

const { paragraph, item, call_heading, number_line, title, reasons, resolution, proposal, text } = {
  paragraph: schema.nodes.paragraph, item: schema.nodes.item, call_heading: schema.nodes.call_heading,
  number_line: schema.nodes.number_line, title: schema.nodes.title, reasons: schema.nodes.reasons,
  resolution: schema.nodes.resolution, proposal: schema.nodes.proposal, text: (s: string, marks?: Mark[]) => schema.text(s, marks),
};

const CALLS = /^(recalling|recognizing|recognizing further|taking into account|noting|noting further|resolves.*|instructs.*|further instructs.*|calls upon.*|requests.*)$/;

/**
 * Resolution 30 as proposed for modification in wtdc17-ecp-res30-mod.txt: the MOD unit with the
 * number line, title, conference line, call headings, labelled items and reasons. `maxItems`
 * keeps the document small for property tests; `maxChars` shortens long items.
 */
export function res30Doc(opts: { maxBlocks?: number; maxChars?: number } = {}): PMNode {
  const lines = fixture('wtdc17-ecp-res30-mod.txt').split(/\r?\n/);
  const start = lines.findIndex((l) => l.startsWith('MOD\t'));
  const body: PMNode[] = [];
  const clip = (s: string) => (opts.maxChars && s.length > opts.maxChars ? s.slice(0, opts.maxChars) : s);
  let reasonsText = '';
  for (const raw of lines.slice(start + 2)) {
    const line = raw.replace(/^\[bookmark: [^\]]*\]/, '').trimEnd();
    if (!line) continue;
    if (line.startsWith('Reasons:')) { reasonsText = line; break; }
    if (CALLS.test(line)) body.push(call_heading.create(null, text(line)));
    else if (/^\S{1,4}\)?\t/.test(line)) body.push(item.create(null, text(clip(line))));
    else body.push(paragraph.create(null, text(clip(line))));
  }
  const numberLine = lines[start + 1].replace(/^\[bookmark: [^\]]*\]/, '');
  const blocks = opts.maxBlocks ? body.slice(0, opts.maxBlocks) : body;
  const res = resolution.create({ kind: 'RESOLUTION', number: '30' }, [
    number_line.create(null, text(numberLine)),
    title.create(null, text('Role of the ITU Telecommunication Development Sector in implementing the outcomes of the World Summit on the Information Society')),
    ...blocks,
  ]);
  return schema.node('doc', null, [
    paragraph.create(null, text('Proposals for the work of the conference')),
    proposal.create({ action: 'MOD', ref: 'ECP/24A5/1' }, [res, reasons.create(null, text(reasonsText || 'Reasons:\tUpdate'))]),
    proposal.create({ action: 'SUP', ref: 'ECP/24A5/2' }, [paragraph.create(null, text('Suppression of Resolution 185'))]),
  ]);
}

/** An importer-style mark: a revision already agreed, by the author 'import'. */
export function importMark(kind: 'insertion' | 'deletion', id: string): Mark {
  return schema.marks[kind].create({ id, author: 'import', authorName: 'Import', time: 0, status: 'agreed' });
}

/** Resolution 64 style: "RESOLUTION 64 (REV. [GUADALAJARA]~~BUSAN~~, 2014)" with agreed marks as the importer makes them. */
export function importedMarksDoc(): PMNode {
  return schema.node('doc', null, [
    proposal.create({ action: 'MOD', ref: 'WGPL/149/2' }, [
      resolution.create({ kind: 'RESOLUTION', number: '64' }, [
        number_line.create(null, [text('RESOLUTION 64 (REV. '), text('BUSAN', [importMark('insertion', 'imp-1')]), text('GUADALAJARA', [importMark('deletion', 'imp-2')]), text(', 2014)')]),
        item.create(null, [text('b)\tResolution 64 (Rev. '), text('Antalya, 2006', [importMark('insertion', 'imp-3')]), text('Guadalajara, 2010', [importMark('deletion', 'imp-4')]), text(') of the Plenipotentiary Conference;')]),
      ]),
      reasons.create(null, text('Reasons:\tUpdate')),
    ]),
  ]);
}

export function editorState(doc: PMNode, user: TrackUser = alice, enabled = true): EditorState {
  return EditorState.create({ doc, plugins: [suggestChanges(user, { enabled })] });
}

/** Apply `tr` (built from `state`) and return the new state. */
export function apply(state: EditorState, build: (tr: Transaction) => Transaction | void): EditorState {
  const tr = state.tr;
  return state.apply(build(tr) ?? tr);
}

/** Run a command like a key binding would; fails the test if the command does not apply. */
export function run(state: EditorState, command: Command): EditorState {
  let next: EditorState | null = null;
  const ok = command(state, (tr) => { next = state.apply(tr); });
  if (!ok || !next) throw new Error('command did not apply');
  return next;
}

export function withCursor(state: EditorState, pos: number, head = pos): EditorState {
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, pos, head)));
}

/** Position of the first occurrence of `needle` in the document text (+ offset). */
export function posOf(doc: PMNode, needle: string, offset = 0): number {
  let found = -1;
  doc.descendants((node, pos) => {
    if (found >= 0) return false;
    if (node.isText) {
      const i = node.text!.indexOf(needle);
      if (i >= 0) found = pos + i + offset;
    }
    return true;
  });
  if (found < 0) throw new Error(`"${needle}" not found`);
  return found;
}

/** The document JSON without any revision marks or block records. */
export function stripRevisions(doc: PMNode): unknown {
  const strip = (json: any): any => {
    if (Array.isArray(json)) return json.map(strip);
    if (!json || typeof json !== 'object') return json;
    const out: any = { ...json };
    if (out.attrs && 'track' in out.attrs) out.attrs = { ...out.attrs, track: null };
    if (out.marks) {
      out.marks = out.marks.filter((m: any) => m.type !== 'insertion' && m.type !== 'deletion');
      if (!out.marks.length) delete out.marks;
    }
    if (out.content) out.content = strip(out.content);
    return out;
  };
  // Re-create so adjacent text nodes that differed only by revision marks merge.
  return schema.nodeFromJSON(strip(doc.toJSON())).toJSON();
}

/** All text of the document, deleted or not, block by block. */
export function allText(doc: PMNode): string {
  return doc.textBetween(0, doc.content.size, '\n', '\n');
}

/** The text a reader sees once deletions are gone. */
export function liveText(doc: PMNode): string {
  let out = '';
  doc.descendants((node) => {
    if (node.isText && !schema.marks.deletion.isInSet(node.marks)) out += node.text;
    if (node.isTextblock && out) out += '\n';
    return true;
  });
  return out;
}
