// `draftroom serve [--port 4400] [--host 127.0.0.1] [--data ./data] [--database-url URL] [--redis-url URL] [--no-build]`: builds the client if needed,
// starts the server and shuts it down gracefully (flushing every document) on SIGTERM/SIGINT.
import { resolve } from 'node:path';
import { ensureClientBuild } from '../../server/build';
import { startServer } from '../../server/main';
import { databaseUrlFromEnv } from '../../server/store/open';
import { CliError, option, parseArgs } from './args';

export const usage = 'serve  [--port 4400] [--host 127.0.0.1] [--data ./data] [--database-url postgres://... (env DATABASE_URL)] [--redis-url redis://host:6379 (env REDIS_URL)] [--no-build]';

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args, ['no-build']);
  if (parsed.positionals.length > 0) throw new CliError(`unexpected argument '${parsed.positionals[0]}'\nusage: draftroom ${usage}`);
  const known = ['port', 'host', 'data', 'database-url', 'redis-url', 'no-build'];
  const unknown = Object.keys(parsed.options).find((name) => !known.includes(name));
  if (unknown) throw new CliError(`unknown option --${unknown}\nusage: draftroom ${usage}`);
  const portText = option(parsed, 'port', process.env.PORT ?? '4400')!;
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a port number, not '${portText}'`);

  if (!parsed.options['no-build']) {
    try {
      await ensureClientBuild();
    } catch (err) {
      console.error(`draftroom serve: the client build failed, serving the API only: ${(err as Error).message}`);
    }
  }
  const server = await startServer({
    port, host: option(parsed, 'host', '127.0.0.1'), dataDir: resolve(option(parsed, 'data', './data')!),
    // PostgreSQL (documents, accounts, library) shared with other servers; without it SQLite under --data.
    databaseUrl: option(parsed, 'database-url') ?? databaseUrlFromEnv(),
    redisUrl: option(parsed, 'redis-url', process.env.REDIS_URL) || undefined,
  });
  console.log(`Draftroom is running at ${server.url}`);

  return new Promise<number>((done) => {
    const stop = (signal: string) => {
      console.log(`${signal}: saving documents and shutting down ...`);
      server.close().then(() => done(0), (err) => {
        console.error(`draftroom serve: shutdown failed: ${(err as Error).message}`);
        done(1);
      });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}
