// `draftroom user add NAME --group EUR --role coordinator [--password P] [--group-name NAME] [--data ./data]`,
// `draftroom user role NAME --group EUR --role drafter [--data ./data]` and `draftroom user list [--data ./data]`:
// accounts on the server's data dir or on --database-url / DATABASE_URL (safe while the server runs: SQLite in WAL mode, or PostgreSQL).
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Auth } from '../../server/auth/auth';
import { AccountError, checkPassword } from '../../server/auth/accounts';
import { DEMO_GROUPS } from '../../server/auth/demo';
import { generatePassword } from '../../server/auth/password';
import { isRole, ROLES, type Role } from '../../server/auth/roles';
import { databaseUrlFromEnv, openStore } from '../../server/store/open';
import { CliError, option, parseArgs, type ParsedArgs } from './args';

export const usage = [
  'user add NAME --group EUR --role coordinator|drafter|observer [--password P] [--group-name NAME] [--data ./data | --database-url URL]',
  '  user role NAME --group EUR --role coordinator|drafter|observer [--data ./data | --database-url URL]',
  '  user list [--data ./data | --database-url URL]',
].join('\n');

function checkOptions(parsed: ParsedArgs, known: string[]): void {
  const unknown = Object.keys(parsed.options).find((name) => !known.includes(name));
  if (unknown) throw new CliError(`unknown option --${unknown}\nusage: draftroom ${usage}`);
}

function requiredRole(parsed: ParsedArgs): Role {
  const role = option(parsed, 'role');
  if (!isRole(role)) throw new CliError(`--role must be one of ${ROLES.join(', ')}`);
  return role;
}

function requiredGroup(parsed: ParsedArgs): string {
  const group = option(parsed, 'group');
  if (!group) throw new CliError('--group is required (a group code such as EUR)');
  return group;
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((done, fail) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const output = rl as unknown as { _writeToOutput(text: string): void };
    let asked = false;
    output._writeToOutput = (text) => {
      if (!asked) process.stdout.write(text);
    };
    rl.question(question, (answer) => {
      process.stdout.write('\n');
      rl.close();
      done(answer);
    });
    asked = true;
    rl.on('SIGINT', () => {
      rl.close();
      fail(new CliError('cancelled'));
    });
  });
}

/** The password: --password, else asked twice on a terminal, else generated (and printed once). */
async function choosePassword(parsed: ParsedArgs): Promise<{ password: string; generated: boolean }> {
  const given = option(parsed, 'password');
  if (given !== undefined) return { password: given, generated: false };
  if (!process.stdin.isTTY) return { password: generatePassword(), generated: true };
  const password = await promptHidden('Password: ');
  if ((await promptHidden('Password again: ')) !== password) throw new CliError('the passwords differ');
  return { password, generated: false };
}

async function withAuth<T>(parsed: ParsedArgs, fn: (auth: Auth) => Promise<T>): Promise<T> {
  const store = await openStore({ dataDir: resolve(option(parsed, 'data', './data')!), databaseUrl: option(parsed, 'database-url') ?? databaseUrlFromEnv() });
  try {
    return await fn(new Auth(store.sql));
  } catch (err) {
    if (err instanceof AccountError) throw new CliError(err.message);
    throw err;
  } finally {
    await store.close();
  }
}

async function add(parsed: ParsedArgs): Promise<number> {
  checkOptions(parsed, ['group', 'role', 'password', 'group-name', 'data', 'database-url']);
  const [name, extra] = parsed.positionals;
  if (!name || extra) throw new CliError(`give one user name\nusage: draftroom ${usage}`);
  const group = requiredGroup(parsed);
  const role = requiredRole(parsed);
  const { password, generated } = await choosePassword(parsed);
  try {
    checkPassword(password);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  return withAuth(parsed, async (auth) => {
    const known = DEMO_GROUPS.find((g) => g.code === group);
    const created = !(await auth.accounts.group(group));
    await auth.accounts.ensureGroup(group, option(parsed, 'group-name') ?? known?.name ?? group);
    const user = await auth.createUser(name, password, { group, role });
    await auth.audit.record('user-created', { userId: user.id, name: user.name, group, detail: { role, by: 'cli' } });
    if (created) console.log(`Created group ${group}.`);
    console.log(`Created user ${user.name}: ${role} of ${group}.`);
    if (generated) console.log(`Password (shown once): ${password}`);
    return 0;
  });
}

async function setRole(parsed: ParsedArgs): Promise<number> {
  checkOptions(parsed, ['group', 'role', 'data', 'database-url']);
  const [name, extra] = parsed.positionals;
  if (!name || extra) throw new CliError(`give one user name\nusage: draftroom ${usage}`);
  const group = requiredGroup(parsed);
  const role = requiredRole(parsed);
  return withAuth(parsed, async (auth) => {
    const user = (await auth.accounts.credentials(name))?.user;
    if (!user) throw new CliError(`no such user '${name}'`);
    const before = await auth.accounts.role(user.id, group);
    await auth.accounts.setRole(user.id, group, role);
    await auth.audit.record('role-change', { name: 'cli', group, detail: { member: user.id, from: before, to: role } });
    console.log(`${user.name} is now ${role} of ${group}.`);
    return 0;
  });
}

async function list(parsed: ParsedArgs): Promise<number> {
  checkOptions(parsed, ['data', 'database-url']);
  if (parsed.positionals.length > 0) throw new CliError(`unexpected argument '${parsed.positionals[0]}'\nusage: draftroom ${usage}`);
  return withAuth(parsed, async (auth) => {
    const users = await auth.accounts.users();
    if (users.length === 0) console.log('No users yet: add one with `draftroom user add NAME --group EUR --role coordinator`.');
    for (const user of users) {
      const memberships = (await auth.accounts.memberships(user.id)).map((m) => `${m.role} of ${m.group}`).join(', ');
      console.log(`${user.name}\t${memberships || '(no group)'}`);
    }
    return 0;
  });
}

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const parsed = parseArgs(rest);
  switch (sub) {
    case 'add': return add(parsed);
    case 'role': return setRole(parsed);
    case 'list': return list(parsed);
    default: throw new CliError(`usage: draftroom ${usage}`);
  }
}
