// The document model: reference numbers, item labels and the editing commands shared by client, server and CLI.
export { parseReference, formatReference, proposalReferences, nextReference, DEFAULT_REF_PREFIX } from './references';
export type { Reference } from './references';
export { itemLabel, nextLabel, firstLabel } from './labels';
export { textblockAt, ancestorOfType } from './blocks';
export { findProposal, createProposal, insertProposal, updateProposal, setProposalAction, insertReasons, isAction } from './proposals';
export type { ProposalAttrs } from './proposals';
export { insertItem, splitItem, changeItemLevel, insertLabelTab, labelAfter, MAX_ITEM_LEVEL } from './items';
export { insertCallHeading, insertTab, setLink, removeLink, isSafeHref } from './commands';
