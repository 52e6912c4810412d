// The demo accounts, created with the demo document on first start: group EUR (which owns the
// demo) with a coordinator, a drafter and an observer, and group ACP with one drafter. The
// passwords are public (README): change or remove these accounts on a real server.
import { AccountError } from './accounts';
import type { Auth } from './auth';
import type { Role } from './roles';

export const DEMO_GROUPS = [
  { code: 'EUR', name: 'CEPT (European Common Proposals)' },
  { code: 'ACP', name: 'APT (Asia-Pacific Common Proposals)' },
] as const;

export const DEMO_USERS: readonly { name: string; password: string; group: string; role: Role }[] = [
  { name: 'coordinator', password: 'demo-coordinator', group: 'EUR', role: 'coordinator' },
  { name: 'drafter', password: 'demo-drafter', group: 'EUR', role: 'drafter' },
  { name: 'observer', password: 'demo-observer', group: 'EUR', role: 'observer' },
  { name: 'apt-drafter', password: 'demo-apt', group: 'ACP', role: 'drafter' },
];

/** The group that owns the demo document. */
export const DEMO_GROUP = 'EUR';

/** Creates the demo groups (always, so the demo document has its owner) and, when none exist, the demo users. */
export async function seedDemoAccounts(auth: Auth, withUsers: boolean): Promise<void> {
  for (const group of DEMO_GROUPS) await auth.accounts.ensureGroup(group.code, group.name);
  if (!withUsers) return;
  for (const user of DEMO_USERS) {
    if (await auth.accounts.credentials(user.name)) continue;
    try {
      await auth.createUser(user.name, user.password, { group: user.group, role: user.role });
    } catch (err) {
      // Another server starting on the same empty database created it meanwhile.
      if (!(err instanceof AccountError && err.status === 409)) throw err;
    }
  }
}
