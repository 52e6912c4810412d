// Classified units: each source line with its kind. In markdown, consecutive plain lines of one
// paragraph are joined back into one unit (soft breaks kept) and classified again, so a
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
  for (const unit of units) {
    const last = out[out.length - 1];
    if (last && last.block === unit.block && last.kind.type === 'plain' && unit.kind.type === 'plain' && !unit.marker) {
      const content = joinLines([last.content, unit.content]);
      const joined: SourceLine = { ...last, content, text: `${last.text}\n${unit.text}` };
      out[out.length - 1] = { ...joined, kind: classify(joined) };
      // A joined paragraph that became something else stays joined; following lines start afresh.
    } else {
      out.push(unit);
    }
  }
  return out;
}
