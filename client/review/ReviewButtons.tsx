// Agree / reject / accept buttons for one change or a set of changes, limited to what the reviewer may do.
import type { Change, ReviewAction } from '../../shared/track';
import { reviewableIds, type Reviewer } from './permissions';

const LABELS: Record<ReviewAction, string> = { agree: 'Agree', reject: 'Reject', accept: 'Accept' };
const HINTS: Record<ReviewAction, string> = {
  agree: 'keep as a revision mark of the proposal',
  reject: 'undo the change',
  accept: 'make it part of the text, without a revision mark',
};

/** The actions the reviewer's role can take at all, in button order. */
export function actionsFor(reviewer: Reviewer): ReviewAction[] {
  if (reviewer.role === 'coordinator') return ['agree', 'reject', 'accept'];
  if (reviewer.role === 'drafter') return ['reject'];
  return [];
}

/** Whether the reviewer can review any of `changes` at all (else bulk controls are left out). */
export function anyReviewable(reviewer: Reviewer, changes: readonly Change[]): boolean {
  return actionsFor(reviewer).some((action) => reviewableIds(reviewer, changes, action).length > 0);
}

interface Props {
  changes: readonly Change[];
  reviewer: Reviewer;
  /** What the buttons apply to, for tooltips: "this change", "all shown", "Anna's changes". */
  scope: string;
  /** Show the number of changes each button would review (bulk buttons). */
  counts?: boolean;
  onReview(ids: string[], action: ReviewAction): void;
}

export function ReviewButtons({ changes, reviewer, scope, counts, onReview }: Props) {
  const actions = actionsFor(reviewer);
  if (!actions.length || (counts && !anyReviewable(reviewer, changes))) return null;
  return (
    <span className="review-buttons">
      {actions.map((action) => {
        const ids = reviewableIds(reviewer, changes, action);
        if (!counts && action === 'agree' && changes.every((c) => c.status === 'agreed')) return null;
        if (!counts && !ids.length) return null;
        return (
          <button key={action} type="button" className={`review-${action}`} data-action={action} disabled={!ids.length}
            title={`${LABELS[action]} ${scope}: ${HINTS[action]}`} aria-label={`${LABELS[action]} ${scope}`}
            onMouseDown={(event) => event.preventDefault()}
            onClick={(event) => { event.stopPropagation(); onReview(ids, action); }}>
            {LABELS[action]}{counts ? ` ${ids.length}` : ''}
          </button>
        );
      })}
    </span>
  );
}
