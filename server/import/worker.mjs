// The entry of an import worker thread. The server's TypeScript runs through tsx (bin/draftroom
// registers it; vitest transforms the tests' imports), but a worker thread starts with a fresh
// module loader: it registers tsx for itself, then runs the job.
import { register } from 'tsx/esm/api';

register();
await import(new URL('./job.ts', import.meta.url).href);
