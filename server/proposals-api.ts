// New MOD proposals made by the server: the unit is built here from the library's base text and
// inserted UNTRACKED into the live document, so a drafter (whose own updates the guard accepts
// only in track mode) gets the text in force as base text and every later edit of hers shows as
// a revision mark against it. Nothing the client sends is taken as base text: only the library
// entry's id.
//   POST /api/documents/:id/proposals  {action, ref, libraryEntryId?, heading?, index}
//        -> 201 {ref, index}: the reference the unit got and the top-level index it went to
import { Router, type Request } from 'express';
import type { Node as PMNode } from 'prosemirror-model';
import * as Y from 'yjs';
import { updateYFragment } from 'y-prosemirror';
import { nextReference, proposalReferences } from '../shared/model/references';
import { buildProposalUnit, coverConference } from '../shared/model/new-proposal';
import { schema, type Action } from '../shared/schema';
import type { Auth } from './auth/auth';
import { requireSignedIn } from './auth/middleware';
import { can } from './auth/roles';
import type { Rooms } from './collab/rooms';
import { docToContent, FRAGMENT, parseContent } from './content';
import { HttpError } from './http-error';
import type { Library } from './library/library';
import { WriteLimits } from './write-limits';
import type { Store } from './store/store';

/** The origin of the Yjs transaction that inserts a unit. */
export const NEW_PROPOSAL_ORIGIN = 'draftroom:new-proposal';

/** The actions whose base text the unit keeps untracked (a coordinator's local insertion does the same). */
export const SERVER_ACTIONS: readonly Action[] = ['MOD', '(MOD)'];

export interface ProposalRequest {
  action: Action;
  /** The reference asked for; empty or already taken, the document's next one is used. */
  ref: string;
  heading: string;
  libraryEntryId: string | null;
  /** The top-level child index asked for (clamped to a place after the cover). */
  index: number;
}

const field = (body: Record<string, unknown>, name: string): unknown => body[name];

function optionalString(body: Record<string, unknown>, name: string, max: number): string {
  const value = field(body, name);
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string' || value.length > max) throw new HttpError(400, `'${name}' must be a string of at most ${max} characters`);
  return value.trim();
}

/** Reads and checks the request body; a clear 400 for anything else. */
export function parseProposalRequest(body: unknown): ProposalRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'the request body must be a JSON object');
  const record = body as Record<string, unknown>;
  const action = field(record, 'action');
  if (!SERVER_ACTIONS.includes(action as Action)) {
    throw new HttpError(400, `'action' must be one of ${SERVER_ACTIONS.join(', ')} (other units are inserted by the editor itself)`);
  }
  const index = field(record, 'index');
  if (typeof index !== 'number' || !Number.isFinite(index)) throw new HttpError(400, `'index' must be a number (a top-level position of the document)`);
  const libraryEntryId = optionalString(record, 'libraryEntryId', 100) || null;
  return {
    action: action as Action,
    ref: optionalString(record, 'ref', 100),
    heading: optionalString(record, 'heading', 500),
    libraryEntryId,
    index: Math.floor(index),
  };
}

/** `index` moved to a place a proposal can take in `doc`: after the cover, at most after the last block. */
export function clampIndex(doc: PMNode, index: number): number {
  const first = doc.firstChild?.type === schema.nodes.cover ? 1 : 0;
  return Math.min(Math.max(index, first), doc.childCount);
}

/** The reference a new unit gets: the one asked for unless it is empty or taken, else the next free one. */
export function referenceFor(doc: PMNode, asked: string): string {
  return asked && !proposalReferences(doc).includes(asked) ? asked : nextReference(doc);
}

/**
 * Inserts `node` as the top-level child `index` of the document's content, as y-prosemirror's
 * binding would write it, in one transaction of `origin`: an empty element goes in first and is
 * then filled (y-prosemirror reads the element it updates, which needs it in the document).
 */
export function insertYNode(ydoc: Y.Doc, index: number, node: PMNode, origin: unknown): void {
  const y = { transact: (f: () => void) => ydoc.transact(f, origin) };
  y.transact(() => {
    const element = new Y.XmlElement(node.type.name);
    ydoc.getXmlFragment(FRAGMENT).insert(index, [element]);
    updateYFragment(y, element, node, { mapping: new Map(), isOMark: new Map() });
  });
}

/** Builds the unit against the live document and inserts it untracked, in one Yjs transaction. */
export function insertProposal(ydoc: Y.Doc, request: ProposalRequest, base: PMNode | null): { ref: string; index: number } {
  const doc = parseContent(docToContent(ydoc));
  const ref = referenceFor(doc, request.ref);
  const index = clampIndex(doc, request.index);
  const unit = buildProposalUnit(schema, {
    action: request.action, ref, heading: request.heading, base, doc, conference: coverConference(doc),
  });
  if (!doc.canReplaceWith(index, index, unit.type)) throw new HttpError(409, 'the document cannot take a proposal there');
  insertYNode(ydoc, index, unit, NEW_PROPOSAL_ORIGIN);
  return { ref, index };
}

export function proposalsRouter(store: Store, rooms: Rooms, auth: Auth, library: Library, writeLimits = new WriteLimits()): Router {
  const router = Router();

  /** The document if the user's role in its group may edit it (tracked): 404 for outsiders, 403 for observers. */
  async function editable(req: Request) {
    const { user } = requireSignedIn(req);
    const document = await store.getDocument(String(req.params.id));
    const role = document && (await auth.accounts.role(user.id, document.group));
    if (!document || !role) throw new HttpError(404, 'no such document');
    if (!can(role, 'editTracked')) throw new HttpError(403, `a ${role} cannot add proposals`);
    return document;
  }

  router.post('/documents/:id/proposals', async (req, res) => {
    const document = await editable(req);
    const request = parseProposalRequest(req.body);
    writeLimits.take('proposals', requireSignedIn(req).user.id, document.id, res);
    let base: PMNode | null = null;
    if (request.libraryEntryId) {
      const entry = await library.get(request.libraryEntryId);
      if (!entry) throw new HttpError(404, 'no such library entry');
      base = schema.nodeFromJSON(entry.content);
    }
    const inserted = await rooms.with(document.id, async (room) => {
      const { user } = requireSignedIn(req);
      const result = room.actingAs({ id: user.id, name: user.name }, () => insertProposal(room.doc, request, base));
      await room.flush();
      return result;
    });
    if (!inserted) throw new HttpError(404, 'no such document');
    res.status(201).json(inserted);
  });

  return router;
}
