// The importers' limits on what they unpack and parse, far above any real ITU document and low
// enough that a zip bomb or pathological XML fails at once with a one-line reason. An input past
// one of them throws ImportLimitError (the server answers 422; other import errors are 400).

/** Largest part of a .docx read (its declared unpacked size, checked before inflating). */
export const MAX_DOCX_PART_BYTES = 32 * 1024 * 1024;
/** Largest total of the parts read from one .docx (declared sizes, before inflating). */
export const MAX_DOCX_TOTAL_BYTES = 48 * 1024 * 1024;
/** Deepest element nesting in a part's XML (Word's own nesting stays below 40 even with tables in tables). */
export const MAX_XML_DEPTH = 256;

export class ImportLimitError extends Error {}
