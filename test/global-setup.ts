// Runs once before the test files: the browser tests need a built client.
import { ensureClientBuild } from '../server/build';

export default async function setup(): Promise<void> {
  await ensureClientBuild(() => {});
}
