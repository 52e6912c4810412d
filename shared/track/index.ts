// The tracked-changes engine: track mode (suggestChanges), the change list and review.
export { suggestChanges, setTrackMode, setTrackUser, isTrackMode, trackUser, trackPluginKey, trackedTextInput, trackBeforeApply, trackRefusal, UNTRACKED_META, REVIEW_META } from './plugin';
export { listChanges, allChangeIds, changeIdsByAuthor, changeIdsInProposal, changeIdsInRange, describeAttributeChange } from './changes';
export type { Change } from './changes';
export { review } from './review';
export type { ReviewAction } from './review';
export type { TrackUser, ChangeKind } from './revision';
export { isUnitRecord, unitRecord, withUnitRecord, describeUnit } from './unit';
