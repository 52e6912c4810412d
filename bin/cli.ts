// The Draftroom CLI: `draftroom <command> [args]`. Each command lives in bin/commands/<name>.ts
// and exports `run(args): Promise<number>` (the exit code) and a one-line `usage`. The table of
// static imports lets esbuild follow them (bin/build-node.mjs makes each command a chunk of its
// own) and keeps them lazy: `draftroom import` never loads the server.
import { CliError } from './commands/args';

interface Command {
  run(args: string[]): Promise<number>;
  usage: string;
}

const COMMANDS: Record<string, () => Promise<Command>> = {
  serve: () => import('./commands/serve'),
  import: () => import('./commands/import'),
  export: () => import('./commands/export'),
  lint: () => import('./commands/lint'),
  library: () => import('./commands/library'),
  user: () => import('./commands/user'),
  bench: () => import('./commands/bench'),
};

/** Every command's usage line, from the commands themselves. */
async function help(): Promise<string> {
  const lines = await Promise.all(Object.values(COMMANDS).map(async (load) => {
    const { usage } = await load();
    return usage.split('\n').map((line) => `  ${line.trim().replace(/^(\w+)\s+/, (_, cmd: string) => cmd.padEnd(8))}`).join('\n');
  }));
  return ['usage: draftroom <command> [options]   (draftroom <command> --help for one)', ...lines].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(await help());
    return name ? 0 : 1;
  }
  if (!Object.prototype.hasOwnProperty.call(COMMANDS, name)) {
    console.error(`draftroom: unknown command '${name}'\n${await help()}`);
    return 1;
  }
  const mod = await COMMANDS[name]();
  if (args.includes('--help') || args.includes('-h')) {
    console.log(`usage: draftroom ${mod.usage ?? name}`);
    return 0;
  }
  try {
    return await mod.run(args);
  } catch (err) {
    // Bad input gets one clear line, never a stack trace; DEBUG=draftroom shows the trace.
    const message = err instanceof Error ? err.message : String(err);
    console.error(`draftroom ${name}: ${message}`);
    if (process.env.DEBUG?.includes('draftroom') && !(err instanceof CliError)) console.error(err);
    return 1;
  }
}
