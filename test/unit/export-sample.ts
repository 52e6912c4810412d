// A realistic proposals document built with the schema, for the export and lint tests: a cover,
// a MOD of Resolution 133 with agreed revisions (number line, items, a whole inserted item and a
// deleted one), a footnote and a table; an ADD, a SUP and a NOC.
import type { Mark, Node as PMNode } from 'prosemirror-model';
import { schema, type BlockRevision, type ChangeStatus } from '../../shared/schema';

export const ALICE = { id: 'u-alice', name: 'Alice Martin' };
export const BOB = { id: 'u-bob', name: 'Bob Keller' };
export const CAROL = { id: 'u-carol', name: 'Carol Diaz' };
const T0 = Date.UTC(2018, 5, 12, 9, 30);

type Piece = PMNode | string;
let nextId = 0;

function revision(kind: 'insertion' | 'deletion', who: { id: string; name: string }, status: ChangeStatus): Mark {
  return schema.marks[kind].create({ id: `c${++nextId}`, author: who.id, authorName: who.name, time: T0 + nextId * 60_000, status });
}

export const ins = (text: string, who = ALICE, status: ChangeStatus = 'agreed') => schema.text(text, [revision('insertion', who, status)]);
export const del = (text: string, who = BOB, status: ChangeStatus = 'agreed') => schema.text(text, [revision('deletion', who, status)]);
export const bold = (text: string) => schema.text(text, [schema.marks.strong.create()]);

function inline(pieces: Piece[]): PMNode[] {
  return pieces.filter((p) => p !== '').map((p) => (typeof p === 'string' ? schema.text(p) : p));
}

export function blockTrack(kind: BlockRevision['kind'], who: { id: string; name: string }, status: ChangeStatus = 'agreed'): BlockRevision[] {
  return [{ kind, id: `b${++nextId}`, author: who.id, authorName: who.name, time: T0 + nextId * 60_000, status }];
}

export const p = (...pieces: Piece[]) => schema.node('paragraph', null, inline(pieces));
export const numberLine = (...pieces: Piece[]) => schema.node('number_line', null, inline(pieces));
export const title = (text: string) => schema.node('title', null, inline([text]));
export const call = (text: string) => schema.node('call_heading', null, inline([text]));
export const item = (...pieces: Piece[]) => schema.node('item', null, inline(pieces));
export const trackedItem = (track: BlockRevision[], ...pieces: Piece[]) => schema.node('item', { track }, inline(pieces));
export const reasons = (text: string) => schema.node('reasons', null, inline([text]));
export const footnote = (text: string) => schema.node('footnote', null, [schema.text(text)]);
export const resolution = (number: string, ...content: PMNode[]) => schema.node('resolution', { number }, content);
export const proposal = (action: string, ref: string, content: PMNode[], heading = '') =>
  schema.node('proposal', { action, ref, heading }, content);

export function cover(fields: Record<string, string>): PMNode {
  return schema.node('cover', null, Object.entries(fields).map(([name, text]) => schema.node('cover_field', { name }, text ? [schema.text(text)] : [])));
}

function table(): PMNode {
  const cell = (type: 'table_cell' | 'table_header', text: string) => schema.node(type, null, [p(text)]);
  return schema.node('table', null, [
    schema.node('table_row', null, [cell('table_header', 'Language'), cell('table_header', 'Script')]),
    schema.node('table_row', null, [cell('table_cell', 'Arabic'), cell('table_cell', 'Arabic script')]),
    schema.node('table_row', null, [cell('table_cell', 'Russian'), cell('table_cell', 'Cyrillic')]),
  ]);
}

export const STANDARD_COVER = {
  conference: 'Plenipotentiary Conference (PP-18)',
  meeting: 'PLENARY MEETING',
  document: 'Addendum 1 to Document 48-E',
  date: '24 September 2018',
  original: 'Original: English',
  source: 'European Common Proposals',
  title: 'PROPOSALS FOR THE WORK OF THE CONFERENCE',
  summary: 'Revision of Resolution 133 on internationalized domain names.',
};

/** The MOD unit: revision marks in the number line, an inserted and a deleted item, a footnote and a table. */
export function modProposal(ref = 'EUR/48A1/1'): PMNode {
  return proposal('MOD', ref, [
    p('The proposed revision to Resolution 133 aims to update the resolution and highlight the multistakeholder approach.'),
    resolution('133',
      numberLine('RESOLUTION 133 (Rev. ', del('Busan, 2014'), ins('Dubai, 2018'), ')'),
      title('Role of administrations of Member States in the management of internationalized (multilingual) domain names'),
      p('The Plenipotentiary Conference of the International Telecommunication Union (', del('Busan, 2014'), ins('Dubai, 2018'), '),'),
      call('recalling'),
      item('a)\tthe role of the ITU Telecommunication Standardization Sector (ITU-T) with regard to domain names;'),
      item('b)\tthe commitment of the Tunis Agenda to advance ', ins('multilingualism', BOB), ' in a number of areas;'),
      trackedItem(blockTrack('insertion', ALICE), ins('c)\tthe outcomes of the WSIS+10 High-Level Event on multilingual content;')),
      trackedItem(blockTrack('deletion', BOB), del('d)\tpast successful standardization activities for telex character sets;')),
      call('resolves'),
      p('to explore ways and means for greater collaboration with relevant organizations', footnote('Including, but not limited to, ICANN, the RIRs and the IETF.'), ' involved in the deployment of IDNs,'),
      table(),
    ),
    reasons('Reasons:\tTo update the Resolution and underline the progress made with regard to multilingual domain names.'),
  ], 'ECP-1: Revision to Resolution 133: Role of administrations of Member States in the management of internationalized (multilingual) domain names');
}

export function addProposal(ref = 'EUR/48A1/2'): PMNode {
  return proposal('ADD', ref, [
    resolution('[EUR-1]',
      numberLine('DRAFT NEW RESOLUTION [EUR-1]'),
      title('Fair and equitable e-participation in ITU meetings'),
      call('resolves'),
      p('that ITU should facilitate ', ins('remote', ALICE), del('distant', BOB), ' participation in its meetings,'),
    ),
    reasons('Reasons:\tTo promote the participation of all Member States.'),
  ]);
}

export function supProposal(ref = 'EUR/48A1/3'): PMNode {
  return proposal('SUP', ref, [
    p('Europe proposes to suppress Resolution 185 (Busan, 2014).'),
    resolution('185',
      numberLine('RESOLUTION 185 (Busan, 2014)'),
      title('Global flight tracking for civil aviation'),
      p('The Plenipotentiary Conference of the International Telecommunication Union (Busan, 2014),'),
      call('resolves'),
      p('to instruct WRC-15 to include in its agenda the consideration of global flight tracking,'),
    ),
    reasons('Reasons:\tWith the decisions taken at WRC-15, this Resolution is no longer needed.'),
  ], 'ECP-6: Suppression to Resolution 185: Global flight tracking for civil aviation');
}

export function nocProposal(ref = 'EUR/48A1/4'): PMNode {
  return proposal('NOC', ref, [
    resolution('71',
      numberLine('RESOLUTION 71 (Rev. Dubai, 2018)'),
      title('Strategic plan for the Union for 2020-2023'),
      p('The Plenipotentiary Conference of the International Telecommunication Union (Dubai, 2018),'),
    ),
    reasons('Reasons:\tThe strategic plan remains valid.'),
  ]);
}

/** The whole sample: cover and the four units, every change agreed. */
export function sampleDoc(): PMNode {
  return schema.node('doc', null, [cover(STANDARD_COVER), modProposal(), addProposal(), supProposal(), nocProposal()]);
}

/** A small MOD-only document. */
export function smallModDoc(): PMNode {
  return schema.node('doc', null, [cover(STANDARD_COVER), modProposal()]);
}

/** A MOD with agreed changes and two still only suggested by Carol (an insertion and a deletion), and the ADD. */
export function docWithSuggestion(): PMNode {
  const mod = proposal('MOD', 'EUR/48A1/1', [
    resolution('133',
      numberLine('RESOLUTION 133 (Rev. ', del('Busan, 2014'), ins('Dubai, 2018'), ')'),
      title('Role of administrations of Member States in the management of internationalized (multilingual) domain names'),
      item('a)\tthe role of ITU-T', ins(' and ITU-D', CAROL, 'suggested'), ' with regard to ', del('internet ', CAROL, 'suggested'), 'domain names;'),
    ),
    reasons('Reasons:\tUpdate.'),
  ]);
  return schema.node('doc', null, [cover(STANDARD_COVER), mod, addProposal()]);
}
