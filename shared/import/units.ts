// Classified units: each source line with its kind. In markdown, a run of plain lines of one
// paragraph is joined back into one unit (soft breaks kept) and classified again, so a
// conference line or a title spanning lines is seen whole.
import { classify, type LineKind } from './classify';
import { joinLines } from './inline';
import type { SourceLine } from './lines';

export interface Unit extends SourceLine {
  kind: LineKind;
}

export function classifyLines(lines: readonly SourceLine[], joinParagraphs: boolean): Unit[] {
  const units: Unit[] = lines.map((line) => ({ ...line, kind: classify(line) }));
  if (!joinParagraphs) return units;
  const out: Unit[] = [];
  for (let i = 0; i < units.length; ) {
    let end = i + 1;
    if (units[i].kind.type === 'plain') {
      while (end < units.length && units[end].block === units[i].block && units[end].kind.type === 'plain' && !units[end].marker) end++;
    }
    if (end - i === 1) {
      out.push(units[i]);
    } else {
      const run = units.slice(i, end);
      const joined: SourceLine = { ...run[0], content: joinLines(run.map((u) => u.content)), text: run.map((u) => u.text).join('\n') };
      out.push({ ...joined, kind: classify(joined) });
    }
    i = end;
  }
  return out;
}
