// The import report: what the importer left out or filled in, said to the user (the CLI prints
// it, the server answers it, the browser's Import shows it). Plain data, so it travels as JSON.

/** Kinds of conversion debris dropped at import. */
export type DroppedKind = 'field code' | 'footer' | 'template line' | 'image name' | 'empty footnote';

/** A reference number the importer inferred from its neighbours' serial numbers. */
export interface InferredRef {
  ref: string;
  /** The proposal's group heading (may be empty). */
  heading: string;
}

export interface ImportReport {
  /** How many of each kind of debris were dropped. */
  dropped: Partial<Record<DroppedKind, number>>;
  inferredRefs: InferredRef[];
  /** The report as sentences for people, e.g. "dropped 10 field codes, 1 footer, 3 template lines". */
  messages: string[];
}

const PLURALS: Record<DroppedKind, [string, string]> = {
  'field code': ['field code', 'field codes'],
  footer: ['page footer', 'page footers'],
  'template line': ['template line', 'template lines'],
  'image name': ['image file name', 'image file names'],
  'empty footnote': ['empty footnote', 'empty footnotes'],
};

const ORDER: DroppedKind[] = ['field code', 'footer', 'template line', 'image name', 'empty footnote'];

/** Collects what an import drops and infers; `report()` gives the finished ImportReport. */
export class ReportCollector {
  private readonly dropped = new Map<DroppedKind, number>();
  private readonly inferred: InferredRef[] = [];

  drop(kind: DroppedKind, count = 1): void {
    if (count > 0) this.dropped.set(kind, (this.dropped.get(kind) ?? 0) + count);
  }

  infer(ref: InferredRef): void {
    this.inferred.push(ref);
  }

  report(): ImportReport {
    const dropped: ImportReport['dropped'] = {};
    const parts: string[] = [];
    for (const kind of ORDER) {
      const n = this.dropped.get(kind);
      if (!n) continue;
      dropped[kind] = n;
      parts.push(`${n} ${PLURALS[kind][n === 1 ? 0 : 1]}`);
    }
    const messages: string[] = [];
    if (parts.length) messages.push(`dropped ${parts.join(', ')}`);
    if (this.inferred.length) {
      const n = this.inferred.length;
      messages.push(`inferred ${n} reference number${n === 1 ? '' : 's'} from the serial order of the neighbouring proposals: ${
        this.inferred.map((r) => (r.heading ? `${r.ref} (${r.heading.slice(0, 60)})` : r.ref)).join(', ')}`);
    }
    return { dropped, inferredRefs: this.inferred.slice(), messages };
  }
}

/** An empty report (nothing dropped or inferred). */
export function emptyReport(): ImportReport {
  return new ReportCollector().report();
}
