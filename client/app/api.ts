// The REST API of the Draftroom server, typed: the session (sign in/out) and documents with their metadata.

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

export interface Membership {
  group: string;
  groupName: string;
  role: 'coordinator' | 'drafter' | 'observer';
}

export interface Session {
  user: { id: string; name: string };
  memberships: Membership[];
  csrfToken: string;
}

/** The session's CSRF token, sent with every state-changing request (X-CSRF-Token). */
let csrfToken: string | null = null;

/** A request to the API: a JSON body, or a file (a Blob) sent as its bytes. */
export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  const raw = body instanceof Blob;
  if (body !== undefined) headers['content-type'] = raw ? 'application/octet-stream' : 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : raw ? body : JSON.stringify(body) });
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

/** Keeps the CSRF token of a session the server just started or described. */
export function remember(session: Session): Session {
  csrfToken = session.csrfToken;
  return session;
}

/** The signed-in session, or null when nobody is signed in. */
export async function getSession(): Promise<Session | null> {
  try {
    return remember(await request<Session>('GET', '/api/session'));
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export async function signIn(name: string, password: string): Promise<Session> {
  return remember(await request<Session>('POST', '/api/session', { name, password }));
}

export async function signOut(): Promise<void> {
  await request('DELETE', '/api/session');
  csrfToken = null;
}

export async function listDocuments(): Promise<DocumentInfo[]> {
  return (await request<{ documents: DocumentInfo[] }>('GET', '/api/documents')).documents;
}

export async function getDocument(id: string): Promise<DocumentInfo> {
  return (await request<{ document: DocumentInfo }>('GET', `/api/documents/${encodeURIComponent(id)}`)).document;
}

export async function createDocument(title: string, group?: string): Promise<DocumentInfo> {
  return (await request<{ document: DocumentInfo }>('POST', '/api/documents', { title, group })).document;
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

/** Fetches an export of a document from the server: the file's bytes and the name the server gave it. */
export async function fetchExport(id: string, format: string, includeSuggested: boolean): Promise<{ blob: Blob; filename: string }> {
  const query = new URLSearchParams({ format, ...(includeSuggested ? { includeSuggested: 'true' } : {}) });
  let res: Response;
  try {
    res = await fetch(`/api/documents/${encodeURIComponent(id)}/export?${query}`);
  } catch {
    throw new ApiError(0, 'The server cannot be reached.');
  }
  if (!res.ok) {
    const json = (await res.json().catch(() => null)) as { error?: string } | null;
    throw new ApiError(res.status, json?.error ?? `${res.status} ${res.statusText}`);
  }
  const disposition = res.headers.get('content-disposition') ?? '';
  const filename = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? `${id}-${format}`;
  return { blob: await res.blob(), filename };
}
