// Recognising a .docx by its first bytes, apart from the docx reader: the importer's entry tells a
// zip from text without loading the reader (fflate, xmldom), which it loads only for a .docx.

/** Whether the bytes start like a zip archive (a .docx is one). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6);
}
