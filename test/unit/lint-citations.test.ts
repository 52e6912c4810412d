// Outdated citations (shared/model/citation-refs.ts): a MOD citing a resolution by a revision older
// than the library's newest is warned of by lint, read with the reference normaliser (which Sector's
// resolution: the body named, the conference of its revision, the resolution holding it); the
// citation-update command reads citations the same way.
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import { importDocument } from '../../shared/import';
import { citedRefs, normalisedCitationLibrary, outdatedCitations, revisionLookup } from '../../shared/model/citation-refs';
import { findCitations, proposeCitationUpdates } from '../../shared/model/citations';
import { lint } from '../../shared/model/lint';
import { formatResolutionRef } from '../../shared/model/resolution-refs';
import { fixtureText } from './import-fixtures';

const PP18 = { place: 'Dubai', year: 2018 };
const library = revisionLookup([
  { sector: 'PP', number: '130', revision: PP18 },
  { sector: 'PP', number: '130', revision: { place: 'Busan', year: 2014 } },
  { sector: 'PP', number: '101', revision: PP18 },
  { sector: 'PP', number: '102', revision: PP18 },
  { sector: 'WTDC', number: '30', revision: { place: 'Kigali', year: 2022 } },
  { sector: 'WTSA', number: '130', revision: { place: 'Geneva', year: 2022 } },
]);

const mod = (action: string, ...paragraphs: string[]) => importDocument([
  `${action}\tEUR/1A1/1`, 'RESOLUTION 140 (Rev. Dubai, 2018)', 'A title', 'The Plenipotentiary Conference of the International Telecommunication Union (Dubai, 2018),',
  'recalling', ...paragraphs.map((p, i) => `${String.fromCharCode(97 + i)})\t${p}`), 'Reasons:\tUpdate.',
].join('\n'), { format: 'text' });

const warnings = (doc: PMNode) => lint(doc, { library }).filter((p) => p.code === 'outdated-citation').map((p) => p.message);

describe('outdated citations', () => {
  it('warns when a MOD cites Resolution 130 (Rev. Busan, 2014) and Dubai, 2018 is in force', async () => {
    const doc = await mod('MOD', 'Resolution 130 (Rev. Busan, 2014) of this conference;', 'Resolution 130 (Rev. Dubai, 2018);');
    expect(warnings(doc)).toEqual([
      '"Resolution 130 (Rev. Busan, 2014)" cites PP Res.130 (Rev. Busan, 2014); the library\'s newest is Dubai, 2018: update the citation (Citations…)',
    ]);
    // Without a library, no such warning.
    expect(lint(doc).some((p) => p.code === 'outdated-citation')).toBe(false);
  });

  it('reads the Sector from the body named, the revision, then the resolution holding the citation', async () => {
    const doc = await mod('MOD',
      'Resolution 30 (Rev. Dubai, 2014) of the World Telecommunication Development Conference;',
      'Resolution 130 (Rev. Hammamet, 2016) of the World Telecommunication Standardization Assembly;',
      'Resolution 130 (Rev. Nowhere, 2010);',
      'Resolution 30 (Rev. Busan, 2014) of the Council;');
    expect(findCitations(doc).flatMap(citedRefs).map(formatResolutionRef)).toEqual([
      'WTDC Res.30 (Rev. Dubai, 2014)', 'WTSA Res.130 (Rev. Hammamet, 2016)', 'PP Res.130 (Rev. Nowhere, 2010)',
    ]);
    expect(outdatedCitations(doc, library).map((o) => `${formatResolutionRef(o.ref)} -> ${o.newest.place}`)).toEqual([
      'WTDC Res.30 (Rev. Dubai, 2014) -> Kigali', 'WTSA Res.130 (Rev. Hammamet, 2016) -> Geneva', 'PP Res.130 (Rev. Nowhere, 2010) -> Dubai',
    ]);
  });

  it('warns only in MOD and (MOD) proposals', async () => {
    for (const action of ['ADD', 'NOC', 'SUP']) expect(warnings(await mod(action, 'Resolution 130 (Rev. Busan, 2014);'))).toEqual([]);
    expect(warnings(await mod('(MOD)', 'Resolution 130 (Rev. Busan, 2014);'))).toHaveLength(1);
  });

  it("finds ECP-1's citations of PP Resolutions 101 and 102 (Rev. Busan, 2014) of this conference", async () => {
    const doc = await importDocument(fixtureText('pp18-ecp1-res133-mod.txt'), { format: 'text' });
    const found = outdatedCitations(doc, library).map((o) => formatResolutionRef(o.ref));
    expect(found).toContain('PP Res.101 (Rev. Busan, 2014)');
    expect(found).toContain('PP Res.102 (Rev. Busan, 2014)');
    expect(found.every((f) => f.startsWith('PP '))).toBe(true);
  });
});

describe('the citation update through the normaliser', () => {
  it("updates PP's Resolution 130 to Dubai, 2018 and WTSA's to Geneva, 2022: one number, two Sectors", async () => {
    const doc = await mod('MOD', 'Resolution 130 (Rev. Busan, 2014);', 'Resolution 130 (Rev. Hammamet, 2016) of the World Telecommunication Standardization Assembly;');
    const tr = proposeCitationUpdates(EditorState.create({ doc }), { library: normalisedCitationLibrary(library), conference: { place: 'Doha', year: 2026 }, user: { id: 'u', name: 'U' } });
    const text = (node: PMNode) => {
      let out = '';
      node.descendants((n) => {
        if (n.isText && !n.marks.some((m) => m.type.name === 'deletion')) out += n.text;
        if (n.isTextblock) out += '\n';
      });
      return out;
    };
    expect(text(tr.doc)).toContain('Resolution 130 (Rev. Dubai, 2018);');
    expect(text(tr.doc)).toContain('Resolution 130 (Rev. Geneva, 2022) of the World Telecommunication Standardization Assembly;');
  });
});
