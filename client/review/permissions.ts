// Who may do what with tracked changes: coordinators everything, drafters only take back their
// own open suggestions, observers nothing. The server enforces the same rules (server/collab/guard.ts).
import type { ReviewAction } from '../../shared/track';
import type { Change } from '../../shared/track';

export type Role = 'coordinator' | 'drafter' | 'observer';

/** The reviewer: the signed-in user and their role in the document's group (null: not a member). */
export interface Reviewer {
  id: string;
  role: Role | null;
}

/** Whether `reviewer` may apply `action` to `change`. */
export function mayReview(reviewer: Reviewer, change: Pick<Change, 'author' | 'status'>, action: ReviewAction): boolean {
  if (reviewer.role === 'coordinator') return true;
  if (reviewer.role === 'drafter') return action === 'reject' && change.author === reviewer.id && change.status === 'suggested';
  return false;
}

/** Whether `reviewer` may turn track mode off (and on again). */
export function mayToggleTrackMode(reviewer: Reviewer): boolean {
  return reviewer.role === 'coordinator';
}

/** Why the track-mode switch is disabled for `reviewer`, for its tooltip. */
export function trackModeLockReason(reviewer: Reviewer): string | null {
  if (reviewer.role === 'coordinator') return null;
  if (reviewer.role === 'drafter') return 'Only coordinators can turn off track changes: your edits are recorded as suggestions.';
  return 'You can read this document but not change it.';
}

/** Why `action` on `change` is not open to `reviewer`, or null when it is. */
export function reviewLockReason(reviewer: Reviewer, change: Pick<Change, 'author' | 'status'>, action: ReviewAction): string | null {
  if (mayReview(reviewer, change, action)) return null;
  if (reviewer.role === 'drafter') {
    return action === 'reject' ? 'You can reject only your own open suggestions.' : 'Only coordinators can agree to or accept changes.';
  }
  return 'Observers cannot review changes.';
}

/** The ids among `changes` that `reviewer` may apply `action` to, without duplicates. */
export function reviewableIds(reviewer: Reviewer, changes: readonly Change[], action: ReviewAction): string[] {
  const ids = new Set<string>();
  for (const change of changes) if (mayReview(reviewer, change, action) && !(action === 'agree' && change.status === 'agreed')) ids.add(change.id);
  return [...ids];
}
