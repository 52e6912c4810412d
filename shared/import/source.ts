// Decoding and checking importer input: bytes or a string in, normalised lines out.
// Rejects what is clearly not a text document (empty, binary) with a clear Error.

/**
 * Decodes bytes as UTF-8, or as UTF-16 when they start with its byte order mark (Word's
 * "Unicode text"); strips the BOM and normalises line endings to "\n".
 */
export function decodeInput(input: string | Uint8Array): string {
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else if (input instanceof Uint8Array) {
    const encoding = input[0] === 0xff && input[1] === 0xfe ? 'utf-16le' : input[0] === 0xfe && input[1] === 0xff ? 'utf-16be' : 'utf-8';
    try {
      text = new TextDecoder(encoding, { fatal: true }).decode(input);
    } catch {
      throw new Error(`cannot import: the input is not valid ${encoding.toUpperCase()} text`);
    }
  } else {
    throw new Error('cannot import: the input must be a string or a Uint8Array');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  text = text.replace(/\r\n?/g, '\n');
  checkText(text);
  return text;
}

// Control characters other than tab, newline, form feed and vertical tab: a sign of binary data.
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f]/g;

function checkText(text: string): void {
  if (!/\S/.test(text)) throw new Error('cannot import: the document is empty');
  if (text.includes('\u0000')) throw new Error('cannot import: the input looks like binary data, not text');
  const sample = text.length > 65536 ? text.slice(0, 65536) : text;
  const controls = sample.match(CONTROL)?.length ?? 0;
  if (controls > 8 && controls / sample.length > 0.01) {
    throw new Error('cannot import: the input looks like binary data, not text');
  }
}

/** Splits normalised text into lines; form feeds and vertical tabs count as whitespace. */
export function splitLines(text: string): string[] {
  return text.split('\n').map((line) => line.replace(/[\f\v]/g, ' '));
}

/** Whether the text looks like markdown (emphasis, revision links, list markers or headings). */
export function looksLikeMarkdown(text: string): boolean {
  const sample = text.length > 200_000 ? text.slice(0, 200_000) : text;
  let score = 0;
  if (/\*\*[^*\n]+\*\*/.test(sample)) score++;
  if (/~~[^~\n]+~~/.test(sample)) score++;
  if (/\]\((#|https?:[^)\s]*)\)/.test(sample)) score++;
  if (/^#{1,6} \S/m.test(sample)) score++;
  if (/^[-*+] \S/m.test(sample) && /^\d+\. \S/m.test(sample)) score++;
  if (/\\[()[\]*_~#]/.test(sample)) score++;
  return score >= 1;
}
