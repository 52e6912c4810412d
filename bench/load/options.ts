// The load run's command-line options, checked: whole numbers in range, nothing unknown.
import { CliError, option, parseArgs } from '../../bin/commands/args';
import type { LoadOptions } from './typing-load';

export const usage = 'npm run load -- [--clients 500] [--seconds 60] [--interval 30000] [--paragraphs 50] [--settle 60000]';

function whole(parsed: ReturnType<typeof parseArgs>, name: string, fallback: number, min: number, max: number): number {
  const text = option(parsed, name, String(fallback))!;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new CliError(`--${name} must be a whole number from ${min} to ${max}, not '${text}'`);
  return value;
}

export function loadOptions(args: string[]): LoadOptions {
  const parsed = parseArgs(args);
  if (parsed.positionals.length) throw new CliError(`unexpected argument '${parsed.positionals[0]}'\nusage: ${usage}`);
  const unknown = Object.keys(parsed.options).find((name) => !['clients', 'seconds', 'interval', 'paragraphs', 'settle'].includes(name));
  if (unknown) throw new CliError(`unknown option --${unknown}\nusage: ${usage}`);
  const clients = whole(parsed, 'clients', 500, 2, 2000);
  return {
    clients,
    seconds: whole(parsed, 'seconds', 60, 1, 600),
    keyIntervalMs: whole(parsed, 'interval', 30_000, 10, 600_000),
    paragraphs: whole(parsed, 'paragraphs', Math.min(50, clients), 1, 1000),
    settleMs: whole(parsed, 'settle', 60_000, 100, 600_000),
  };
}

