// Classified units: each source line with its kind, tables written one cell per line grouped
// first. In markdown, a run of plain lines of one paragraph is joined back into one unit (soft
// breaks kept) and classified again, so a conference line or a title spanning lines is seen whole.
import { groupCellTables } from './cell-table';
import { classify, weakItem, type LineKind } from './classify';
import { joinLines } from './inline';
import type { SourceLine } from './lines';

export interface Unit extends SourceLine {
  kind: LineKind;
  /** The item this line is when it stands in a resolution's text (a bare number label: `1 to ...`). */
  altItem?: Extract<LineKind, { type: 'item' }>;
}

function unitOf(line: SourceLine): Unit {
  const kind = classify(line);
  const alt = weakItem(line, kind);
  return alt ? { ...line, kind, altItem: alt } : { ...line, kind };
}

export function classifyLines(source: readonly SourceLine[], joinParagraphs: boolean): Unit[] {
  const units: Unit[] = groupCellTables(source).map(unitOf);
  if (!joinParagraphs) return units;
  const out: Unit[] = [];
  for (let i = 0; i < units.length; ) {
    let end = i + 1;
    if (units[i].kind.type === 'plain') {
      // A line numbered one more than the run's first (`1 to ...` then `2 to ...`) starts the next item.
      const label = Number(units[i].altItem?.label);
      while (end < units.length && units[end].block === units[i].block && units[end].kind.type === 'plain' && !units[end].marker) {
        const next = Number(units[end].altItem?.label);
        if (next === label + 1) break;
        end++;
      }
    }
    if (end - i === 1) {
      out.push(units[i]);
    } else {
      const run = units.slice(i, end);
      const joined: SourceLine = { ...run[0], content: joinLines(run.map((u) => u.content)), text: run.map((u) => u.text).join('\n') };
      out.push(unitOf(joined));
    }
    i = end;
  }
  return out;
}
