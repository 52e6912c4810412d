// Reads the cover page at the start of a document into a `cover` node: fields recognised by their
// text (document number, date, "Original:", "Summary:" ...) and by position (an all-caps line
// after "Original:" is the source, the next one the title; labels take their value from the next lines).
import type { Node as PMNode } from 'prosemirror-model';
import { schema, type CoverFieldName } from '../schema';
import { joinLines, toNodes, trimInline, type Inline } from './inline';
import type { Unit } from './units';

interface Field {
  name: CoverFieldName;
  lines: Inline[][];
}

/** The cover at `units[0...]`, if the document starts with cover fields, and the index after it. */
export function readCover(units: readonly Unit[]): { cover: PMNode | null; next: number } {
  if (units[0]?.kind.type !== 'cover') return { cover: null, next: 0 };
  const fields: Field[] = [];
  const has = (name: CoverFieldName) => fields.some((f) => f.name === name);
  let i = 0;
  while (i < units.length) {
    const unit = units[i];
    const kind = unit.kind;
    const last = fields[fields.length - 1];
    if (kind.type === 'cover') {
      const field: Field = { name: kind.name, lines: [trimInline(unit.content)] };
      fields.push(field);
      i++;
      if (kind.labelOnly) {
        // The value of `Summary:` and the like is on the following plain lines.
        while (i < units.length && units[i].kind.type === 'plain' && (field.lines.length === 1 || !units[i].blankBefore)) {
          field.lines.push(trimInline(units[i].content));
          i++;
        }
      }
      continue;
    }
    if (kind.type !== 'plain' || !isAllCaps(unit.text)) break;
    if (last?.name === 'title' && !unit.blankBefore) last.lines.push(trimInline(unit.content));
    else if (has('title')) break;
    else fields.push({ name: has('original') && !has('source') ? 'source' : 'title', lines: [trimInline(unit.content)] });
    i++;
  }
  const nodes = fields.map((field) => schema.nodes.cover_field.create({ name: field.name }, toNodes(joinLines(field.lines), 'hard')));
  return { cover: schema.nodes.cover.create(null, nodes), next: i };
}

function isAllCaps(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  return letters.length >= 3 && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
}
