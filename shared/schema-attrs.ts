// The kinds of the schema's attribute values, as ProseMirror `validate` functions: node and
// mark creation and `Node.check()` refuse a value of the wrong kind. Plain JSON only (no
// functions, typed arrays or class instances), so a document always survives toJSON/fromJSON.

const STATUSES = ['suggested', 'agreed'];
const RECORD_KINDS = ['insertion', 'deletion', 'attribute'];
const RECORD_KEYS = new Set(['id', 'author', 'authorName', 'time', 'status', 'kind', 'old', 'whole', 'unit']);
const MAX_DEPTH = 16;

const kindOf = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

function fail(what: string, expected: string, value: unknown): never {
  throw new RangeError(`${what}: expected ${expected}, got ${kindOf(value)}`);
}

/** Whether `value` is plain JSON (null, booleans, finite numbers, strings, arrays, plain objects). */
export function isPlainJson(value: unknown, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((v) => isPlainJson(v, depth + 1));
  if (typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(value as object).every((v) => isPlainJson(v, depth + 1));
}

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  kindOf(value) === 'object' && isPlainJson(value);

export const string = (what: string) => (value: unknown): void => {
  if (typeof value !== 'string') fail(what, 'a string', value);
};

export const stringOrNull = (what: string) => (value: unknown): void => {
  if (value !== null && typeof value !== 'string') fail(what, 'a string or null', value);
};

export const finiteNumber = (what: string) => (value: unknown): void => {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(what, 'a finite number', value);
};

/** The largest time a JavaScript Date holds (ms from 1970, either way): past it, formatting a date throws. */
export const MAX_DATE_MS = 8.64e15;

/** A revision's time: a finite number of milliseconds that a Date can hold. */
export const dateTime = (what: string) => (value: unknown): void => {
  finiteNumber(what)(value);
  if (Math.abs(value as number) > MAX_DATE_MS) throw new RangeError(`${what}: ${String(value)} is not a time a date can hold`);
};

export const oneOf = (what: string, allowed: readonly string[]) => (value: unknown): void => {
  if (typeof value !== 'string' || !allowed.includes(value)) fail(what, `one of ${allowed.join(', ')}`, value);
};

/** A block's `track` records: null or a list of BlockRevision (schema.ts). */
export function validateTrack(value: unknown): void {
  if (value === null) return;
  if (!Array.isArray(value)) fail('track', 'null or a list of block revisions', value);
  for (const record of value) {
    if (!isPlainObject(record)) fail('track record', 'an object', record);
    for (const key of Object.keys(record)) if (!RECORD_KEYS.has(key)) throw new RangeError(`track record: unknown key ${JSON.stringify(key)}`);
    validateRevision('track record', record);
    oneOf('track record kind', RECORD_KINDS)(record.kind);
    if (record.old !== undefined && record.old !== null && !isPlainObject(record.old)) fail('track record old', 'an object', record.old);
    if (record.whole !== undefined && typeof record.whole !== 'boolean') fail('track record whole', 'a boolean', record.whole);
    if (record.unit !== undefined && record.unit !== true) fail('track record unit', 'true (a whole proposal unit added)', record.unit);
  }
}

/** The attrs every revision (mark or block record) carries. */
function validateRevision(what: string, attrs: Record<string, unknown>): void {
  for (const key of ['id', 'author', 'authorName']) string(`${what} ${key}`)(attrs[key]);
  dateTime(`${what} time`)(attrs.time);
  oneOf(`${what} status`, STATUSES)(attrs.status);
}

export const revisionStatus = oneOf('revision status', STATUSES);

const SAFE_HREF = /^(https?:|mailto:|#|\/)/i;

/** Whether an address is one a link may point to (no `javascript:` and the like). */
export function isSafeHref(href: string): boolean {
  return SAFE_HREF.test(href.trim());
}

/** A link's target: a web or mail address, a place in the document or a path on this site. */
export function validateHref(value: unknown): void {
  if (typeof value !== 'string') fail('href', 'a string', value);
  if (!isSafeHref(value)) throw new RangeError('href: only http(s), mailto, #anchor and /path addresses are allowed');
}

/** A `formatChange` mark's `before`: a list of formatting marks ({type, attrs?}) of the named types. */
export const validateFormatBefore = (types: readonly string[]) => (value: unknown): void => {
  if (!Array.isArray(value)) fail('formatChange before', 'a list of formatting marks', value);
  for (const mark of value) {
    if (!isPlainObject(mark)) fail('formatChange before entry', 'an object', mark);
    for (const key of Object.keys(mark)) if (key !== 'type' && key !== 'attrs') throw new RangeError(`formatChange before entry: unknown key ${JSON.stringify(key)}`);
    oneOf('formatChange before type', types)(mark.type);
    if (mark.attrs !== undefined && !isPlainObject(mark.attrs)) fail('formatChange before attrs', 'an object', mark.attrs);
    if (mark.type === 'link') validateHref((mark.attrs as Record<string, unknown> | undefined)?.href);
  }
};

const PRIOR_KEYS = new Set(['id', 'author', 'authorName', 'time', 'status', 'before', 'prior']);
/** How many records one formatChange may hold inside it (the track engine keeps the newest). */
export const MAX_FORMAT_PRIORS = 8;

/** A `formatChange` mark's `prior`: null, or the replaced record (revision attrs, before, its own prior). */
export const validateFormatPrior = (types: readonly string[]) => (value: unknown): void => {
  let record = value, depth = 0;
  while (record !== null && record !== undefined) {
    if (++depth > MAX_FORMAT_PRIORS) throw new RangeError(`formatChange prior: more than ${MAX_FORMAT_PRIORS} records inside one another`);
    if (kindOf(record) !== 'object' || Object.getPrototypeOf(record) !== Object.prototype) fail('formatChange prior', 'null or a format change record', record);
    const r = record as Record<string, unknown>;
    for (const key of Object.keys(r)) if (!PRIOR_KEYS.has(key)) throw new RangeError(`formatChange prior: unknown key ${JSON.stringify(key)}`);
    validateRevision('formatChange prior', r);
    validateFormatBefore(types)(r.before);
    record = r.prior;
  }
};
