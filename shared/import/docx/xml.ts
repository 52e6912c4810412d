// XML of a WordprocessingML package: parsing a part (with @xmldom/xmldom, which runs in the
// browser and in Node alike) and the small element queries the .docx reader needs.
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { ImportLimitError, MAX_XML_DEPTH } from '../limits';

/** The WordprocessingML main namespace (w:). */
export const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
/** Office relationships in part content (r:id). */
export const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
/** The package relationships part namespace (*.rels). */
export const PACKAGE_RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';

/**
 * The deepest element nesting of an XML text, counted from its tags without parsing (so that
 * pathological nesting is refused before a parser or a recursive reader meets it). Stops
 * counting past `limit`.
 */
export function xmlDepth(text: string, limit = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let at = text.indexOf('<');
  while (at !== -1 && deepest <= limit) {
    let end: number;
    if (text.startsWith('<!--', at)) end = text.indexOf('-->', at + 4) + 2;
    else if (text.startsWith('<![CDATA[', at)) end = text.indexOf(']]>', at + 9) + 2;
    else if (text.startsWith('<?', at)) end = text.indexOf('?>', at + 2) + 1;
    else {
      end = text.indexOf('>', at);
      if (end === -1) break;
      if (text.charCodeAt(at + 1) === 0x2f /* </ */) depth--;
      else if (text.charCodeAt(at + 1) !== 0x21 /* <!DOCTYPE */) {
        deepest = Math.max(deepest, depth + 1);
        if (text.charCodeAt(end - 1) !== 0x2f /* not /> */) depth++;
      }
    }
    if (end < at) break; // unterminated: the parser reports it
    at = text.indexOf('<', end + 1);
  }
  return deepest;
}

/**
 * Parses the XML text of the package part `part`; a malformed part is a clear Error, one nested
 * deeper than MAX_XML_DEPTH an ImportLimitError (its size is bounded by the package's limits).
 */
export function parseXml(text: string, part: string): Document {
  if (xmlDepth(text, MAX_XML_DEPTH) > MAX_XML_DEPTH) throw new ImportLimitError(`cannot import: ${part} nests elements deeper than ${MAX_XML_DEPTH} levels`);
  const fail = (msg: string): never => {
    throw new Error(`cannot import: ${part} is not well-formed XML (${msg.split('\n')[0].trim()})`);
  };
  let doc: Document;
  try {
    doc = new DOMParser({
      onError: (level, msg) => {
        if (level !== 'warning') fail(msg);
      },
    }).parseFromString(text, 'text/xml');
  } catch (err) {
    const message = (err as Error).message;
    if (message.startsWith('cannot import:')) throw err;
    return fail(message);
  }
  if (!doc.documentElement) fail('no root element');
  return doc;
}

/** The element children of `el`, in order. */
export function elements(el: Element): Element[] {
  const out: Element[] = [];
  for (let c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) out.push(c as Element);
  return out;
}

/** Whether `el` is the w: element `local`. */
export function isW(el: Element, local: string): boolean {
  return el.namespaceURI === W && el.localName === local;
}

/** The first w: child element named `local`, if any. */
export function wChild(el: Element | null | undefined, local: string): Element | null {
  if (!el) return null;
  for (let c = el.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 1 && isW(c as Element, local)) return c as Element;
  }
  return null;
}

/** The value of the w: attribute `name` (w:val, w:author ...), or null. */
export function wAttr(el: Element | null | undefined, name: string): string | null {
  if (!el) return null;
  return el.getAttributeNS(W, name) ?? el.getAttribute(`w:${name}`);
}

/**
 * A WordprocessingML on/off property (w:b, w:i ...): present means on unless its w:val says
 * false, 0 or off. Absent is `undefined` (inherit).
 */
export function onOff(props: Element | null, local: string): boolean | undefined {
  const el = wChild(props, local);
  if (!el) return undefined;
  const val = wAttr(el, 'val');
  return val === null || !['false', '0', 'off', 'none'].includes(val.toLowerCase());
}
