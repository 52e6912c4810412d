// The unit the importers share: one source line (text) or one line of a markdown paragraph,
// with its inline content already parsed and the format's own markers stripped.
import type { Node as PMNode } from 'prosemirror-model';
import type { BlockRevision } from '../schema';
import type { Inline } from './inline';

export interface SourceLine {
  /** Inline content: bookmarks dropped, footnotes resolved, markdown list/heading markers removed. */
  content: Inline[];
  /** The plain text of `content` (footnotes omitted, soft breaks as "\n"). */
  text: string;
  /** An empty line comes before this one. */
  blankBefore: boolean;
  /** Lines of the same markdown paragraph share a block number; in text every line has its own. */
  block: number;
  /** 1-based line number in the source, for messages. */
  lineNo: number;
  /** A markdown list marker that opened this line: a bullet, or an ordered number used as item label. */
  marker?: { kind: 'bullet' } | { kind: 'ordered'; label: string };
  /** A markdown `#` heading level. */
  headingLevel?: number;
  /** Revisions of the line's own paragraph mark (a .docx paragraph inserted or joined), for the block's `track`. */
  track?: BlockRevision[];
  /** A block the format's reader built whole (a Word table): placed as it is. */
  node?: PMNode;
}
