// The public API of Draftroom (see docs/ARCHITECTURE.md): what scripts, the server and the CLI use.
export { schema, ACTIONS, RESOLUTION_KINDS, COVER_FIELDS } from './schema';
export type { Action, ResolutionKind, CoverFieldName, RevisionAttrs, BlockRevision, ChangeStatus } from './schema';
export { importDocument, importWithReport } from './import';
export type { ImportFormat, ImportReport } from './import';
export { exportDocument, exportFileType, SuggestedChangesError, EXPORT_FORMATS } from './export';
export type { ExportFormat, ExportOptions } from './export';
export { lint } from './model/lint';
export type { Problem, LintOptions } from './model/lint';
export {
  suggestChanges, setTrackMode, isTrackMode, trackUser, listChanges, review,
  changeIdsByAuthor, changeIdsInProposal, changeIdsInRange, allChangeIds,
} from './track';
export type { Change, ReviewAction, TrackUser } from './track';
export { findLabelFixes, reletterItems } from './model/reletter';
export type { LabelFix } from './model/reletter';
export { findCitations, proposeCitationUpdates } from './model/citations';
export type { Citation, CitationLibrary, CitationRole, CitationUpdateOptions, Revision } from './model/citations';
export { citationLibrary } from './model/citation-library';
export {
  createThread, reply, setResolved, readThreads, observeThreads, bindDocument, rangeAnchor, changeAnchor, locateThreads,
  exportComments, CommentError, COMMENTS_MAP,
} from './comments';
export type { Thread, Message, Anchor, Person, Located, BoundDocument } from './comments';
export type { ExportComment } from './export';
