// The Draftroom CLI: `draftroom <command> [args]`. Each command lives in bin/commands/<name>.ts
// and exports `run(args): Promise<number>` (the exit code) and a one-line `usage`.
import { CliError } from './commands/args';

const COMMANDS = ['serve', 'import', 'export', 'lint', 'library', 'user', 'bench'] as const;

/** Every command's usage line, from the commands themselves. */
async function help(): Promise<string> {
  const lines = await Promise.all(COMMANDS.map(async (name) => {
    const { usage } = (await import(`./commands/${name}.ts`)) as { usage: string };
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
  if (!(COMMANDS as readonly string[]).includes(name)) {
    console.error(`draftroom: unknown command '${name}'\n${await help()}`);
    return 1;
  }
  let mod: { run(args: string[]): Promise<number>; usage?: string };
  try {
    mod = await import(`./commands/${name}.ts`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && String(err).includes(`commands/${name}`)) {
      console.error(`draftroom: '${name}' is not available yet`);
      return 1;
    }
    throw err;
  }
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
