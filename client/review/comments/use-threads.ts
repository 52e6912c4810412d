// React hooks of the comments: the threads of a Y.Doc, live, and the group members for @mentions.
import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { observeThreads, readThreads, type Person, type Thread } from '../../../shared/comments';
import { listMembers } from '../history/api';

export function useThreads(ydoc: Y.Doc): Thread[] {
  const [threads, setThreads] = useState<Thread[]>(() => readThreads(ydoc));
  useEffect(() => {
    setThreads(readThreads(ydoc));
    return observeThreads(ydoc, () => setThreads(readThreads(ydoc)));
  }, [ydoc]);
  return threads;
}

export function useMembers(documentId: string): Person[] {
  const [members, setMembers] = useState<Person[]>([]);
  useEffect(() => {
    let live = true;
    listMembers(documentId).then((list) => { if (live) setMembers(list); }, () => { if (live) setMembers([]); });
    return () => { live = false; };
  }, [documentId]);
  return members;
}
