// Tiny argument parsing shared by the CLI commands: positionals and `--name value` options.

/** An error meant for the user: printed as one line, exit code 1. */
export class CliError extends Error {}

export interface ParsedArgs {
  positionals: string[];
  options: Record<string, string | true>;
}

/** Parses `a b --out x --flag` into positionals and options; `--name=value` works too. */
export function parseArgs(args: string[], flags: readonly string[] = []): ParsedArgs {
  const positionals: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    if (eq >= 0) options[name] = arg.slice(eq + 1);
    else if (flags.includes(name)) options[name] = true;
    else if (i + 1 < args.length) options[name] = args[++i];
    else throw new CliError(`--${name} needs a value`);
  }
  return { positionals, options };
}

/** The string value of an option, or the fallback; a bare flag is an error. */
export function option(parsed: ParsedArgs, name: string, fallback?: string): string | undefined {
  const value = parsed.options[name];
  if (value === true) throw new CliError(`--${name} needs a value`);
  return value ?? fallback;
}
