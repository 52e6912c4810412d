// The root types of a document's Y.Doc: the one list (contract 2 of the integrity issue). An
// update that creates or changes any other root is refused, as is any client change to a root
// the server alone writes.
import * as Y from 'yjs';

/** The ProseMirror document (y-prosemirror's fragment). */
export const CONTENT_ROOT = 'prosemirror';
/** Comment threads (shared/comments/model.ts). */
export const COMMENTS_ROOT = 'comments';
/** Users in y PermanentUserData's layout: written by the server only. */
export const USERS_ROOT = 'users';

type RootKind = 'XmlFragment' | 'Map';

export const ROOTS: Readonly<Record<string, { kind: RootKind; clientsWrite: boolean }>> = {
  [CONTENT_ROOT]: { kind: 'XmlFragment', clientsWrite: true },
  [COMMENTS_ROOT]: { kind: 'Map', clientsWrite: true },
  [USERS_ROOT]: { kind: 'Map', clientsWrite: false },
};

/** Defines every allowed root on `doc` with its type, so updates are read as the app reads them. */
export function defineRoots(doc: Y.Doc): void {
  for (const [name, { kind }] of Object.entries(ROOTS)) {
    if (kind === 'XmlFragment') doc.getXmlFragment(name);
    else doc.getMap(name);
  }
}

type AnyType = Y.AbstractType<any>;

/** The root type holding `type` (itself when it is a root). */
export function rootOf(type: AnyType): AnyType {
  let t = type;
  while (t._item) t = t._item.parent as AnyType;
  return t;
}

/** The child of `root` that holds `type` (itself when it is one); `root`, or a type outside it, when none is. */
export function childOf(root: AnyType, type: AnyType): AnyType {
  let t = type;
  while (t._item && t._item.parent !== root) t = t._item.parent as AnyType;
  return t;
}

/** The name of a root type of `doc` (the key it is shared under). */
export function rootName(doc: Y.Doc, root: AnyType): string | undefined {
  for (const [name, type] of doc.share) if (type === root) return name;
  return undefined;
}

/** Whether a root holds content of the wrong shape: list items in a map root, map entries in the fragment. */
export function misshapenRoot(name: string, root: AnyType): string | null {
  const kind = ROOTS[name]?.kind;
  if (kind === 'Map') {
    for (let item = root._start; item; item = item.right) if (!item.deleted) return `the root "${name}" is a map and cannot hold list content`;
  } else if (kind === 'XmlFragment') {
    for (const item of root._map.values()) if (!item.deleted) return `the root "${name}" cannot hold attributes`;
  }
  return null;
}
