// The Draftroom CLI: `draftroom <command> [args]`. Each command lives in bin/commands/<name>.ts
// and exports `run(args): Promise<number>` (the exit code) and a one-line `usage`.
import { CliError } from './commands/args';

const COMMANDS = ['serve', 'import', 'export', 'lint', 'user', 'bench'] as const;

function help(): string {
  return [
    'usage: draftroom <command> [options]',
    '  serve  [--port 4400] [--data ./data]',
    '  import FILE [--format text|markdown|docx] [--out doc.json]',
    '  export doc.json --format submission|review|clean|html --out FILE',
    '  lint   doc.json',
    '  user   add NAME --group EUR --role coordinator [--password P] | role NAME --group EUR --role R | list',
    '  bench  [name]',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return name ? 0 : 1;
  }
  if (!(COMMANDS as readonly string[]).includes(name)) {
    console.error(`draftroom: unknown command '${name}'\n${help()}`);
    return 1;
  }
  let mod: { run(args: string[]): Promise<number> };
  try {
    mod = await import(`./commands/${name}.ts`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && String(err).includes(`commands/${name}`)) {
      console.error(`draftroom: '${name}' is not available yet`);
      return 1;
    }
    throw err;
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
