// Helpers for the importer tests: the real fixtures and small queries over an imported document.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Mark, Node as PMNode } from 'prosemirror-model';
import { schema } from '../../shared/schema';

export const FIXTURES = resolve(process.cwd(), '../shared/fixtures');

export function fixturePath(name: string): string {
  return resolve(FIXTURES, name);
}

/** A fixture as bytes, the way a file upload or the CLI hands it over. */
export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(fixturePath(name)));
}

export function fixtureText(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}

/** All descendants of `node` of the given type, in document order. */
export function all(node: PMNode, type: string): PMNode[] {
  const out: PMNode[] = [];
  node.descendants((child) => {
    if (child.type.name === type) out.push(child);
  });
  return out;
}

/** Direct children of `node` of the given type. */
export function children(node: PMNode, type?: string): PMNode[] {
  const out: PMNode[] = [];
  node.forEach((child) => {
    if (!type || child.type.name === type) out.push(child);
  });
  return out;
}

/** The revision marks of a kind in `node`, by id (a change split over text nodes counts once). */
export function revisions(node: PMNode, type: 'insertion' | 'deletion'): Map<string, { mark: Mark; text: string }> {
  const found = new Map<string, { mark: Mark; text: string }>();
  node.descendants((child) => {
    const mark = child.isText ? child.marks.find((m) => m.type.name === type) : undefined;
    if (!mark) return;
    const entry = found.get(mark.attrs.id) ?? { mark, text: '' };
    entry.text += child.text;
    found.set(mark.attrs.id, entry);
  });
  return found;
}

/** Throws unless the document is valid for the schema after a JSON round trip. */
export function checkValid(doc: PMNode): void {
  schema.nodeFromJSON(doc.toJSON()).check();
}

/** Text of a textblock with hard breaks as "\n" and footnotes as "[^body]". */
export function visibleText(node: PMNode): string {
  let text = '';
  node.forEach((child) => {
    if (child.isText) text += child.text;
    else if (child.type.name === 'hard_break') text += '\n';
    else if (child.type.name === 'footnote') text += `[^${child.textContent}]`;
  });
  return text;
}
