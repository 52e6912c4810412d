// What each export format does with a recorded revision: show it as a revision, apply it (Word's
// accept), or leave the base text (Word's reject), and whose name and date a shown revision carries.
import type { ChangeStatus, RevisionAttrs } from '../schema';
import type { ExportFormat, ShownRevision } from './layout';

/**
 * show: as a revision mark; apply: insertion kept and deletion dropped; base: the text before it.
 * A formatting change the same way: shown as Word's w:rPrChange, its formatting kept, or the formatting before.
 */
export type Treatment = 'show' | 'apply' | 'base';

/** Where a text sits: the provision a MOD changes, or text whose revisions are never shown in a submission. */
export type Region = 'provision' | 'plain';

export interface Policy {
  format: ExportFormat;
  /** Author of submission revisions: the regional group. */
  group: string;
  /** Date of submission revisions, and of revisions recorded without a time. */
  date: Date;
  /** The suggested changes count as agreed: a clean copy applies them too. */
  includeSuggested?: boolean;
}

/**
 * The treatment of a revision with `status` in `region`:
 * - review, html: every revision shown;
 * - clean: agreed revisions applied, suggested ones left as the base text (applied too when the
 *   caller included them);
 * - submission: revisions in the provision of a MOD shown, elsewhere applied (the suggested ones
 *   only get this far when the caller included them on purpose).
 */
export function treatment(policy: Policy, status: ChangeStatus, region: Region): Treatment {
  switch (policy.format) {
    case 'review':
    case 'html':
      return 'show';
    case 'clean':
      return status === 'agreed' || policy.includeSuggested ? 'apply' : 'base';
    case 'submission':
      return region === 'provision' ? 'show' : 'apply';
  }
}

/** The revision as the output shows it: the group in a submission, the real author elsewhere. */
export function shownRevision(policy: Policy, kind: 'insertion' | 'deletion', attrs: RevisionAttrs): ShownRevision {
  return { kind, ...shownBy(policy, attrs) };
}

/**
 * Who and when a shown revision (or formatting change) says: the group and the submission date
 * in a submission, the real author and time elsewhere.
 */
export function shownBy(policy: Policy, attrs: RevisionAttrs): { author: string; date: Date; status: ChangeStatus } {
  const status: ChangeStatus = attrs.status === 'agreed' ? 'agreed' : 'suggested';
  if (policy.format === 'submission') return { author: policy.group, date: policy.date, status };
  const time = Number(attrs.time);
  return {
    author: attrs.authorName || attrs.author || 'Unknown author',
    date: time > 0 ? new Date(time) : policy.date,
    status,
  };
}
