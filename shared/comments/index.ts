// Comments: threads in the Y.Map 'comments', anchored to text ranges or tracked changes, with @mentions.
export {
  COMMENTS_MAP, CommentError, MAX_MESSAGE_LENGTH, commentsMap, createThread, reply, setResolved, deleteThread,
  readThread, readThreads, observeThreads, isAnchor,
} from './model';
export type { Anchor, Message, Person, Thread, NewThread } from './model';
export { bindDocument, rangeAnchor, changeAnchor, locateAnchor, locateThreads } from './anchors';
export type { BoundDocument, Located } from './anchors';
export { findMentions, mentionQuery, mentionCandidates, completeMention } from './mentions';
export { COMMENT_FILTERS, matchesFilter, newMentions, openMentions } from './filter';
export type { CommentFilter, Mention } from './filter';
export { exportComments } from './export';
