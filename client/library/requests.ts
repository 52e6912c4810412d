// The channel from the editor's toolbar and keys to the library tools: "new proposal", "update
// citations", "insert from file" (the tools own the dialogs and the file picker).
export type LibraryRequest = 'proposal' | 'citations' | 'file';

export class LibraryRequests {
  private listeners = new Set<(request: LibraryRequest) => void>();

  request(request: LibraryRequest): void {
    for (const listener of this.listeners) listener(request);
  }

  listen(listener: (request: LibraryRequest) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
