// Mark views of the revision marks: insertions underlined, deletions struck through, formatting
// changes with a dotted line under them, all tinted in
// the colour of their author (the review UI proper lives elsewhere).
import type { Mark } from 'prosemirror-model';
import type { MarkViewConstructor } from 'prosemirror-view';
import { colorForId } from '../app/user';
import { localeDateTime } from '../app/dates';

function revisionView(tag: 'ins' | 'del'): MarkViewConstructor {
  return (mark: Mark) => {
    const dom = document.createElement(tag);
    const { id, author, authorName, time, status } = mark.attrs;
    dom.dataset.id = id;
    dom.dataset.author = author;
    dom.dataset.status = status;
    dom.style.setProperty('--author-color', colorForId(author || 'unknown'));
    const when = time ? `, ${localeDateTime(time)}` : '';
    dom.title = `${tag === 'ins' ? 'Inserted' : 'Deleted'} by ${authorName || author || 'unknown'}${when} (${status})`;
    return { dom };
  };
}

/** A formatting change: a span tinted in its author's colour, saying what the formatting was. */
const formatChangeView: MarkViewConstructor = (mark: Mark) => {
  const dom = document.createElement('span');
  const { id, author, authorName, time, status } = mark.attrs;
  dom.className = 'format-change';
  dom.dataset.id = id;
  dom.dataset.author = author;
  dom.dataset.status = status;
  dom.style.setProperty('--author-color', colorForId(author || 'unknown'));
  const when = time ? `, ${localeDateTime(time)}` : '';
  dom.title = `Formatted by ${authorName || author || 'unknown'}${when} (${status})`;
  return { dom };
};

export const revisionMarkViews: Record<string, MarkViewConstructor> = {
  insertion: revisionView('ins'),
  deletion: revisionView('del'),
  formatChange: formatChangeView,
};
