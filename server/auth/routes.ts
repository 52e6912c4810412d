// The accounts' REST routes under /api: the session (sign in, who am I, sign out), invitations
// (create, show, accept) and a group's members, roles and audit log (coordinators only).
import { Router, type Request, type Response } from 'express';
import { HttpError } from '../http-error';
import { AccountError, checkPassword, checkUserName, type Accounts, type User } from './accounts';
import type { Auth } from './auth';
import { INVITATION_TTL } from './invitations';
import { hashPassword } from './password';
import { ipKeyGenerator } from 'express-rate-limit';
import { requireSignedIn } from './middleware';
import { SignInLimits, type Refusal } from './sign-in-limits';
import { can, isRole, ROLES, type Permission, type Role } from './roles';
import { SESSION_COOKIE, sessionCookieOptions } from './sessions';

export interface AuthRoutesOptions {
  /** Failed sign-ins allowed per IP and name in `signInWindowMs` (default 5 in 15 minutes). */
  signInMax?: number;
  /** Failed sign-ins per IP in `signInWindowMs`, whatever the names, before its wrong passwords get 429 (default 50). */
  signInMaxPerIp?: number;
  /** Failed sign-ins per account from all IPs in `signInWindowMs` before it is locked (default 20). */
  signInMaxPerAccount?: number;
  signInWindowMs?: number;
  /** The clock of the sign-in limits (default Date.now). */
  now?: () => number;
}

const param = (req: Request, name: string): string => String(req.params[name]);

function stringField(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  if (typeof value !== 'string' || value === '' || value.length > 200) throw new HttpError(400, `'${name}' must be a non-empty string`);
  return value;
}

/** Runs an accounts operation, turning its AccountError into the HTTP error it names. */
async function accounts<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AccountError) throw new HttpError(err.status, err.message);
    throw err;
  }
}

export function authRouter(auth: Auth, opts: AuthRoutesOptions = {}): Router {
  const api = Router();

  /** The signed-in user's role in the group; 404 for outsiders, 403 without the permission. */
  const groupRole = async (req: Request, permission: Permission): Promise<{ user: User; group: string; role: Role }> => {
    const { user } = requireSignedIn(req);
    const group = param(req, 'code');
    const role = await auth.accounts.role(user.id, group);
    if (!role) throw new HttpError(404, 'no such group');
    if (!can(role, permission)) throw new HttpError(403, `a ${role} cannot do this`);
    return { user, group, role };
  };

  const startSession = async (req: Request, res: Response, user: User) => {
    if (req.signedIn) await auth.sessions.revoke(req.signedIn.session);
    const { token, session } = await auth.sessions.create(user.id);
    res.cookie(SESSION_COOKIE, token, sessionCookieOptions(req.secure, session.expiresAt));
    return auth.describe({ user, session });
  };

  const limits = new SignInLimits({
    perName: opts.signInMax, perIp: opts.signInMaxPerIp, perAccount: opts.signInMaxPerAccount, windowMs: opts.signInWindowMs, now: opts.now,
  });
  const tooMany = (res: Response, refusal: Refusal) => {
    res.set('Retry-After', String(refusal.retryAfter));
    throw new HttpError(429, refusal.error);
  };
  api.post('/session', async (req, res) => {
    const name = stringField(req.body, 'name');
    const password = stringField(req.body, 'password');
    const ip = ipKeyGenerator(req.ip ?? '');
    const locked = limits.before(ip, name);
    if (locked) return tooMany(res, locked);
    const user = await auth.verifyCredentials(name, password);
    if (!user) {
      // With the user's id when the name exists, so that their group's coordinators see it.
      await auth.audit.record('sign-in-failed', { userId: (await auth.accounts.credentials(name))?.user.id, name, ip: req.ip });
      const refusal = limits.failed(ip, name);
      if (refusal) return tooMany(res, refusal);
      throw new HttpError(401, 'wrong name or password');
    }
    await auth.audit.record('sign-in', { userId: user.id, name: user.name, ip: req.ip });
    res.json(await startSession(req, res, user));
  });

  api.get('/session', async (req, res) => {
    res.json(await auth.describe(requireSignedIn(req)));
  });

  api.delete('/session', async (req, res) => {
    const { user, session } = requireSignedIn(req);
    await auth.sessions.revoke(session);
    await auth.audit.record('sign-out', { userId: user.id, name: user.name, ip: req.ip });
    res.clearCookie(SESSION_COOKIE, sessionCookieOptions(req.secure));
    res.status(204).end();
  });

  api.post('/groups/:code/invitations', async (req, res) => {
    const { user, group } = await groupRole(req, 'invite');
    const body = req.body as Record<string, unknown> | undefined;
    if (!isRole(body?.role)) throw new HttpError(400, `'role' must be one of ${ROLES.join(', ')}`);
    const expiresIn = body?.expiresIn ?? INVITATION_TTL.default;
    if (typeof expiresIn !== 'number' || !Number.isInteger(expiresIn) || expiresIn < INVITATION_TTL.min || expiresIn > INVITATION_TTL.max) {
      throw new HttpError(400, `'expiresIn' must be a number of seconds from ${INVITATION_TTL.min} to ${INVITATION_TTL.max}`);
    }
    const { token, invitation } = await accounts(() => auth.invitations.create(group, body.role as Role, expiresIn, user.id));
    await auth.audit.record('invitation-created', { userId: user.id, name: user.name, group, ip: req.ip, detail: { role: invitation.role, expiresAt: invitation.expiresAt } });
    res.status(201).json({ url: `/invite/${token}`, invitation });
  });

  api.get('/invitations/:token', async (req, res) => {
    res.json({ invitation: await accounts(() => auth.invitations.get(param(req, 'token'))) });
  });

  api.post('/invitations/:token/accept', async (req, res) => {
    const token = param(req, 'token');
    await accounts(() => auth.invitations.get(token)); // refuse a bad invitation before hashing a password
    let user = req.signedIn?.user;
    let userId: string | ((accounts: Accounts) => Promise<string>);
    if (user) {
      userId = user.id;
    } else {
      const body = req.body as Record<string, unknown> | undefined;
      const name = await accounts(() => checkUserName(body?.name));
      const hash = await hashPassword(await accounts(() => checkPassword(body?.password)));
      userId = async (inTx) => (user = await inTx.createUser(name, hash)).id;
    }
    const { invitation } = await accounts(() => auth.invitations.accept(token, userId));
    const member = user!;
    await auth.audit.record('invitation-accepted', { userId: member.id, name: member.name, group: invitation.group, ip: req.ip, detail: { role: invitation.role } });
    res.json(req.signedIn ? await auth.describe(req.signedIn) : await startSession(req, res, member));
  });

  api.get('/groups/:code/members', async (req, res) => {
    const { group } = await groupRole(req, 'manageMembers');
    res.json({ members: await auth.accounts.members(group) });
  });

  api.patch('/groups/:code/members/:userId', async (req, res) => {
    const { user, group } = await groupRole(req, 'manageMembers');
    const role = (req.body as Record<string, unknown> | undefined)?.role;
    if (!isRole(role)) throw new HttpError(400, `'role' must be one of ${ROLES.join(', ')}`);
    const memberId = param(req, 'userId');
    const before = await auth.accounts.role(memberId, group);
    if (!before) throw new HttpError(404, 'no such member');
    await accounts(() => auth.accounts.setRole(memberId, group, role));
    await auth.audit.record('role-change', { userId: user.id, name: user.name, group, ip: req.ip, detail: { member: memberId, from: before, to: role } });
    res.json({ member: (await auth.accounts.members(group)).find((m) => m.userId === memberId) });
  });

  api.get('/groups/:code/audit', async (req, res) => {
    const { group } = await groupRole(req, 'readAudit');
    res.json({ entries: await auth.audit.forGroup(group) });
  });

  return api;
}
