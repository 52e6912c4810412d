// Importers: text, markdown (and later .docx) -> a ProseMirror document of the schema.
import type { Node as PMNode } from 'prosemirror-model';

export type ImportFormat = 'text' | 'markdown' | 'docx';

export async function importDocument(_input: string | Uint8Array, _opts: { format?: ImportFormat } = {}): Promise<PMNode> {
  throw new Error('not implemented yet');
}
