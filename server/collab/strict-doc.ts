// The server's strict reading of the `prosemirror` fragment as a ProseMirror document. Unlike
// y-prosemirror's own conversion, which silently deletes what it cannot convert (and so wipes
// text in the browser of whoever opens the document), this one never touches the Y.Doc: it
// throws InvalidDocument, with the reason, on an unknown node type or mark (text attribute; a
// mark stored as `name--hash` counts as `name`), an unknown attribute, a value that is not plain
// JSON or not of the schema's kind (shared/schema-attrs.ts), a raw value, Y.Text, Y.Map or hook
// where an element or text belongs, an embedded object in text, attributes on the fragment or
// on text, and then on anything `Node.check()` refuses (content expressions, marks allowed).
import { Fragment, type Mark, type Node as PMNode, type Schema } from 'prosemirror-model';
import * as Y from 'yjs';
import { schema as appSchema } from '../../shared/schema';
import { isPlainJson, isPlainObject } from '../../shared/schema-attrs';

export class InvalidDocument extends Error {}

const has = (obj: object, key: string): boolean => Object.prototype.hasOwnProperty.call(obj, key);

/** y-prosemirror's key of an overlapping mark: `name--<8 chars of hash>`. */
const HASHED_MARK = /^(.*)--[a-zA-Z0-9+/=]{8}$/;

function describe(value: unknown): string {
  if (value instanceof Y.XmlText) return 'Y.XmlText';
  if (value instanceof Y.Text) return 'a Y.Text';
  if (value instanceof Y.XmlHook) return 'a Y.XmlHook';
  if (value instanceof Y.Map) return 'a Y.Map';
  if (value instanceof Y.Array) return 'a Y.Array';
  if (value instanceof Y.AbstractType) return 'a Yjs type';
  if (value instanceof Uint8Array) return 'binary content';
  return `a raw ${value === null ? 'null' : typeof value} value`;
}

/** Whether a Yjs type has live map entries (attributes of a fragment or of a text). */
function hasAttributes(type: Y.AbstractType<any>): boolean {
  for (const item of type._map.values()) if (!item.deleted) return true;
  return false;
}

/**
 * How deep elements may nest below the document (the schema's deepest real nesting, a footnote's
 * paragraph in a table cell of a resolution in a proposal, is under ten).
 */
export const MAX_NESTING = 32;

/** Reads Y elements and texts as ProseMirror nodes of `schema`, strictly. */
export class StrictReader {
  constructor(readonly schema: Schema = appSchema) {}

  /** The document of the fragment; `reuse` gives an already read (unchanged) top-level block. */
  doc(fragment: Y.XmlFragment, reuse?: (el: Y.XmlElement) => PMNode | undefined, remember?: (el: Y.XmlElement, node: PMNode) => void): PMNode {
    if (hasAttributes(fragment)) throw new InvalidDocument('the document fragment has attributes');
    const blocks: PMNode[] = [];
    fragment.toArray().forEach((child, index) => {
      if (!(child instanceof Y.XmlElement)) throw new InvalidDocument(`${describe(child)} at the top of the document (block ${index})`);
      let node = reuse?.(child);
      if (!node) {
        node = this.element(child, `block ${index}`);
        try {
          node.check();
        } catch (err) {
          throw new InvalidDocument(`block ${index} (${child.nodeName}): ${(err as Error).message}`);
        }
        remember?.(child, node);
      }
      blocks.push(node);
    });
    try {
      return this.schema.topNodeType.createChecked(null, blocks);
    } catch (err) {
      throw new InvalidDocument(`the document: ${(err as Error).message}`);
    }
  }

  /**
   * One element and everything in it, unchecked against content expressions (doc() checks).
   * Refused past MAX_NESTING levels, before reading deeper (the reading is recursive).
   */
  element(el: Y.XmlElement, where: string, depth = 1): PMNode {
    if (depth > MAX_NESTING) throw new InvalidDocument(`${where}: elements nested deeper than ${MAX_NESTING} levels`);
    const name = el.nodeName;
    const type = has(this.schema.nodes, name) ? this.schema.nodes[name] : undefined;
    if (!type || type.isText || type === this.schema.topNodeType) throw new InvalidDocument(`${where}: unknown node type ${JSON.stringify(name)}`);
    const here = `${where} (${name})`;
    const attrs: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(el.getAttributes())) {
      if (!has(type.spec.attrs ?? {}, key)) throw new InvalidDocument(`${here}: unknown attribute ${JSON.stringify(key)}`);
      if (!isPlainJson(value)) throw new InvalidDocument(`${here}: attribute ${key} holds ${describe(value)}`);
      attrs[key] = value;
    }
    const children: PMNode[] = [];
    el.toArray().forEach((child, index) => {
      if (child instanceof Y.XmlElement) children.push(this.element(child, depth < 6 ? `${here} child ${index}` : where, depth + 1));
      else if (child instanceof Y.XmlText) children.push(...this.text(child, `${here} child ${index}`));
      else throw new InvalidDocument(`${here}: ${describe(child)} as child ${index}`);
    });
    try {
      return type.create(attrs, Fragment.fromArray(children));
    } catch (err) {
      throw new InvalidDocument(`${here}: ${(err as Error).message}`);
    }
  }

  /** The text nodes of a Y.XmlText, its formatting attributes read as marks. */
  text(text: Y.XmlText, where: string): PMNode[] {
    if (hasAttributes(text)) throw new InvalidDocument(`${where}: a text with attributes`);
    const nodes: PMNode[] = [];
    for (const op of text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
      if (typeof op.insert !== 'string') throw new InvalidDocument(`${where}: ${describe(op.insert)} embedded in text`);
      const marks = Object.entries(op.attributes ?? {}).map(([key, value]) => this.mark(key, value, where));
      try {
        nodes.push(this.schema.text(op.insert, marks));
      } catch (err) {
        throw new InvalidDocument(`${where}: ${(err as Error).message}`);
      }
    }
    return nodes;
  }

  /** The mark a text's formatting attribute `key: value` stands for, strictly. */
  mark(key: string, value: unknown, where: string): Mark {
    const name = HASHED_MARK.exec(key)?.[1] ?? key;
    const type = has(this.schema.marks, name) ? this.schema.marks[name] : undefined;
    if (!type) throw new InvalidDocument(`${where}: unknown mark ${JSON.stringify(key)}`);
    if (!isPlainObject(value)) throw new InvalidDocument(`${where}: mark ${name} holds ${describe(value)}, not attributes`);
    for (const attr of Object.keys(value)) {
      if (!has(type.spec.attrs ?? {}, attr)) throw new InvalidDocument(`${where}: unknown attribute ${JSON.stringify(attr)} of mark ${name}`);
    }
    try {
      return type.create(value);
    } catch (err) {
      throw new InvalidDocument(`${where}: mark ${name}: ${(err as Error).message}`);
    }
  }
}

const reader = new StrictReader();

/** The strict ProseMirror document of `fragment` (throws InvalidDocument with the reason). */
export function strictDoc(fragment: Y.XmlFragment): PMNode {
  return reader.doc(fragment);
}
