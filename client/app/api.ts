// The REST API of the Draftroom server, typed: documents and their metadata.

export interface DocumentInfo {
  id: string;
  title: string;
  group?: string | null;
  createdAt: string | number;
  updatedAt: string | number;
}

/** An API answer other than 2xx, with the server's `{error}` message. */
export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'The server cannot be reached.');
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    if (res.ok) throw new ApiError(res.status, 'The server sent an answer that is not JSON.');
  }
  if (!res.ok) {
    const message = (json as { error?: string } | null)?.error ?? `${res.status} ${res.statusText}`;
    throw new ApiError(res.status, message);
  }
  return json as T;
}

export async function listDocuments(): Promise<DocumentInfo[]> {
  return (await request<{ documents: DocumentInfo[] }>('GET', '/api/documents')).documents;
}

export async function getDocument(id: string): Promise<DocumentInfo> {
  return (await request<{ document: DocumentInfo }>('GET', `/api/documents/${encodeURIComponent(id)}`)).document;
}

export async function createDocument(title: string): Promise<DocumentInfo> {
  return (await request<{ document: DocumentInfo }>('POST', '/api/documents', { title })).document;
}

export async function renameDocument(id: string, title: string): Promise<void> {
  await request('PATCH', `/api/documents/${encodeURIComponent(id)}`, { title });
}

export async function deleteDocument(id: string): Promise<void> {
  await request('DELETE', `/api/documents/${encodeURIComponent(id)}`);
}

/** The WebSocket address of a server path on the host that served the page. */
export function wsUrl(path: string): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}${path}`;
}
