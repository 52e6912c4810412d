// Proposal reference numbers (`EUR/48A1/1`): parsing, formatting and the next free serial of a document.
import type { Node as PMNode } from 'prosemirror-model';

/** A reference split into its document part (`EUR/48A1/`) and its serial (`1`). */
export interface Reference {
  prefix: string;
  serial: number;
}

/** The placeholder document part used before the ITU numbers the document (see ITU-FORMAT.md). */
export const DEFAULT_REF_PREFIX = 'EUR/XXA1/';

const REF = /^(.*\/)(\d+)$/;

/** Splits `EUR/48A1/12` into `{prefix: 'EUR/48A1/', serial: 12}`; null when there is no trailing serial. */
export function parseReference(ref: string): Reference | null {
  const match = REF.exec(ref.trim());
  if (!match) return null;
  return { prefix: match[1], serial: Number(match[2]) };
}

export function formatReference(ref: Reference): string {
  return `${ref.prefix}${ref.serial}`;
}

/** The references of the document's proposals, in document order (empty refs left out). */
export function proposalReferences(doc: PMNode): string[] {
  const refs: string[] = [];
  doc.forEach((node) => {
    if (node.type.name === 'proposal' && node.attrs.ref) refs.push(node.attrs.ref as string);
  });
  return refs;
}

/**
 * The reference a new proposal of this document should get: the document part of its last
 * numbered proposal and one more than the highest serial used with that document part.
 * A document without numbered proposals starts at `prefix` + 1.
 */
export function nextReference(doc: PMNode, prefix = DEFAULT_REF_PREFIX): string {
  const parsed = proposalReferences(doc).map(parseReference).filter((r): r is Reference => r !== null);
  const last = parsed[parsed.length - 1];
  const base = last ? last.prefix : prefix;
  const highest = parsed.filter((r) => r.prefix === base).reduce((max, r) => Math.max(max, r.serial), 0);
  return formatReference({ prefix: base, serial: highest + 1 });
}
