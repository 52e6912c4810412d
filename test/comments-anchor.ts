// A comment anchor on the first occurrence of a phrase in a Y.Doc's content (tests of comments).
import type * as Y from 'yjs';
import { bindDocument, rangeAnchor } from '../shared/comments';
import { posOf } from './unit/track-doc';

/** The range anchor of `phrase` (which must lie in one text node) in `ydoc`'s content. */
export function anchorOn(ydoc: Y.Doc, phrase: string) {
  const bound = bindDocument(ydoc);
  const from = posOf(bound.doc, phrase);
  return rangeAnchor(bound, from, from + phrase.length);
}
