// Tracked formatting over the collaboration socket, with stock WebsocketProviders: a drafter's
// bold made by the real track engine and written by y-prosemirror reaches the coordinator as her
// formatChange (with the formatting before); she takes back her own with review's reject, and the
// coordinator rejects or accepts hers; the server refuses none of it.
import { EditorState, TextSelection, type Transaction } from 'prosemirror-state';
import { toggleMark } from 'prosemirror-commands';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import * as decoding from 'lib0/decoding';
import type { Node as PMNode } from 'prosemirror-model';
import { updateYFragment, yXmlFragmentToProsemirrorJSON } from 'y-prosemirror';
import { schema } from '../../shared/schema';
import { changeIdsByAuthor, listChanges, review, suggestChanges } from '../../shared/track';
import { api, connectClient, contentOf, signIn, synced, tempDataDir, testServer, waitFor, type Client, type Session } from './helpers';

const data = tempDataDir();
let server: Awaited<ReturnType<typeof testServer>>;
let coordinator: Session, drafter: Session;
const clients: Client[] = [];

beforeAll(async () => {
  server = await testServer(data.dir);
  [coordinator, drafter] = await Promise.all(['coordinator', 'drafter'].map((n) => signIn(server, n)));
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server.close();
  data.remove();
});

const docOf = (c: Client): PMNode => schema.nodeFromJSON(yXmlFragmentToProsemirrorJSON(c.doc.getXmlFragment('prosemirror')));

/** An edit as the editor makes it: a transaction through track mode as `who`, written by y-prosemirror. */
function edit(c: Client, who: Session, change: (state: EditorState) => Transaction): void {
  const state = EditorState.create({ doc: docOf(c), plugins: [suggestChanges({ id: who.user.id, name: who.user.name })] });
  const next = state.applyTransaction(change(state)).state;
  updateYFragment(c.doc, c.doc.getXmlFragment('prosemirror'), next.doc, { mapping: new Map(), isOMark: new Map() });
}

/** Toggle `mark` on the text `from`-`to`, as Ctrl+B does on a selection. */
function toggle(name: 'strong' | 'em', from: number, to: number) {
  return (state: EditorState): Transaction => {
    let tr: Transaction | null = null;
    const selected = state.apply(state.tr.setSelection(TextSelection.create(state.doc, from, to)));
    toggleMark(schema.marks[name])(selected, (t) => { tr = t; });
    return tr!;
  };
}

function deniedMessages(c: Client): string[] {
  const reasons: string[] = [];
  (c.provider.ws as unknown as WebSocket).on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(decoder) === 2 && decoding.readVarUint(decoder) === 0) reasons.push(decoding.readVarString(decoder));
  });
  return reasons;
}

describe('tracked formatting over the socket', () => {
  it('a drafter\'s bold reaches everyone as her format change; she withdraws one, the coordinator rejects the other', async () => {
    const res = await api(coordinator, 'POST', '/api/documents', {
      title: 'Formatting', group: 'EUR', content: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Member States shall cooperate.' }] }] },
    });
    const id = res.body.document.id as string;
    const [chair, author] = [connectClient(coordinator, id), connectClient(drafter, id)];
    clients.push(chair, author);
    await Promise.all([chair, author].map((c) => synced(c)));
    const denied = deniedMessages(author);

    edit(author, drafter, toggle('strong', 1, 14)); // "Member States"
    edit(author, drafter, toggle('em', 21, 30)); // "cooperate"
    await waitFor(() => contentOf(chair.doc) === contentOf(author.doc), [[chair.doc, 'update']], 'the formatting');
    const changes = listChanges(docOf(chair));
    expect(changes.map((c) => [c.kind, c.authorName, c.text, c.description])).toEqual([
      ['format', 'drafter', 'Member States', 'Formatted: bold'],
      ['format', 'drafter', 'cooperate', 'Formatted: italic'],
    ]);
    const mark = schema.marks.formatChange.isInSet(docOf(chair).nodeAt(1)!.marks)!;
    expect(mark.attrs.before).toEqual([]);

    // She takes back her italic: review's reject of her own change, as the Changes panel sends it.
    edit(author, drafter, (state) => review(state, [changes[1].id], 'reject'));
    await waitFor(() => listChanges(docOf(chair)).length === 1, [[chair.doc, 'update']], 'the withdrawal');
    expect(docOf(chair).nodeAt(21)!.marks).toEqual([]);

    // The coordinator rejects the bold: plain text everywhere.
    edit(chair, coordinator, (state) => review(state, changeIdsByAuthor(state.doc, drafter.user.id), 'reject'));
    await waitFor(() => listChanges(docOf(author)).length === 0, [[author.doc, 'update']], 'the rejection');
    expect(docOf(author).toJSON()).toEqual({ type: 'doc', content: [{ type: 'paragraph', attrs: { align: null, track: null }, content: [{ type: 'text', text: 'Member States shall cooperate.' }] }] });
    expect(denied).toEqual([]);
  });
});

describe('formatting text someone else already reformatted', () => {
  it('a drafter italicising the coordinator\'s tracked bold is not refused, and the coordinator\'s record is kept under hers', async () => {
    const res = await api(coordinator, 'POST', '/api/documents', {
      title: 'Formatting twice', group: 'EUR', content: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Member States shall cooperate.' }] }] },
    });
    const id = res.body.document.id as string;
    const [chair, author] = [connectClient(coordinator, id), connectClient(drafter, id)];
    clients.push(chair, author);
    await Promise.all([chair, author].map((c) => synced(c)));
    const denied = deniedMessages(author);

    edit(chair, coordinator, toggle('strong', 1, 14)); // the coordinator bolds "Member States", tracked
    await waitFor(() => contentOf(author.doc) === contentOf(chair.doc), [[author.doc, 'update']], 'the bold');
    const bold = listChanges(docOf(author));
    expect(bold.map((c) => [c.authorName, c.description])).toEqual([['coordinator', 'Formatted: bold']]);

    edit(author, drafter, toggle('em', 8, 14)); // the drafter italicises "States"
    await waitFor(() => contentOf(chair.doc) === contentOf(author.doc), [[chair.doc, 'update']], 'the italic');
    expect(denied).toEqual([]);
    const both = listChanges(docOf(chair));
    expect(both.map((c) => [c.authorName, c.text, c.description])).toEqual([
      ['coordinator', 'Member ', 'Formatted: bold'],
      ['drafter', 'States', 'Formatted: italic'],
    ]);
    // her record is kept inside the drafter's: withdrawing the italic gives it back whole
    const states = schema.marks.formatChange.isInSet(docOf(chair).nodeAt(8)!.marks)!;
    expect(states.attrs.prior).toMatchObject({ id: bold[0].id, authorName: 'coordinator', before: [] });
    edit(author, drafter, (state) => review(state, [both[1].id], 'reject'));
    await waitFor(() => listChanges(docOf(chair)).length === 1 && listChanges(docOf(chair))[0].text === 'Member States', [[chair.doc, 'update']], 'the withdrawal');
    expect(denied).toEqual([]);
    expect(docOf(chair).toJSON()).toEqual(
      schema.nodeFromJSON(yXmlFragmentToProsemirrorJSON(author.doc.getXmlFragment('prosemirror'))).toJSON(),
    );
    expect(listChanges(docOf(chair)).map((c) => [c.id, c.authorName, c.description])).toEqual([[bold[0].id, 'coordinator', 'Formatted: bold']]);

    // un-bolding the coordinator's bold: the drafter's own change, with the bold's record kept
    edit(author, drafter, toggle('strong', 1, 7));
    await waitFor(() => contentOf(chair.doc) === contentOf(author.doc), [[chair.doc, 'update']], 'the unbold');
    expect(denied).toEqual([]);
    expect(listChanges(docOf(chair)).map((c) => [c.authorName, c.text, c.description])).toEqual([
      ['drafter', 'Member', 'Formatted: not bold'],
      ['coordinator', ' States', 'Formatted: bold'],
    ]);
  });
});
