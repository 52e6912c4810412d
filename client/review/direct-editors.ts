// Who the server announces as editing without tracking (server/direct-edits.ts puts
// `directEditing: [{id, name, since}]` in its awareness state), and the notice's sentence.

export interface DirectEditor {
  id: string;
  name: string;
}

/** The people the server announces as editing without tracking, but `selfId`. */
export function announcedDirectEditors(states: Map<number, Record<string, unknown>>, selfId: string): DirectEditor[] {
  const found = new Map<string, DirectEditor>();
  for (const state of states.values()) {
    const list = state.directEditing;
    if (!Array.isArray(list)) continue;
    for (const e of list as Partial<DirectEditor>[]) {
      if (typeof e?.id === 'string' && typeof e.name === 'string' && e.id !== selfId) found.set(e.id, { id: e.id, name: e.name });
    }
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** "Cora is editing without tracking", "Cora and Dan are editing without tracking". */
export function directEditNotice(editors: DirectEditor[]): string {
  const names = editors.map((e) => e.name);
  const who = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0];
  return `${who} ${names.length > 1 ? 'are' : 'is'} editing without tracking`;
}
