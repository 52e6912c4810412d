// ProseMirror JSON of small test documents, written inline: a textblock of a type with its text.
export const text = (value: string) => (value ? [{ type: 'text', text: value }] : []);

/** `{type, attrs?, content}` of a textblock holding `value`. */
export const block = (type: string, value: string, attrs?: Record<string, unknown>) =>
  ({ type, ...(attrs ? { attrs } : {}), content: text(value) });

/** A document with a cover naming the conference (WTDC-25, Baku) and then `body`. */
export function coverDoc(...body: unknown[]) {
  return {
    type: 'doc',
    content: [
      { type: 'cover', content: [block('cover_field', 'World Telecommunication Development Conference (Baku, 2025)', { name: 'conference' })] },
      ...body,
    ],
  };
}
