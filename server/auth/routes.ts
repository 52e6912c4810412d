// The accounts' REST routes under /api: the session (sign in, who am I, sign out), invitations
// (create, show, accept) and a group's members, roles and audit log (coordinators only).
import { Router, type Request, type Response } from 'express';
import { HttpError } from '../http-error';
import { AccountError, checkPassword, checkUserName, type User } from './accounts';
import type { Auth } from './auth';
import { INVITATION_TTL } from './invitations';
import { hashPassword } from './password';
import { ipKeyGenerator } from 'express-rate-limit';
import { requireSignedIn } from './middleware';
import { SignInLimits, type Refusal } from './sign-in-limits';
import type { CounterFactory } from '../limits/window-counter';
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
  /** Where the sign-in limits count (default: in this process; server/limits). */
  counters?: CounterFactory;
}

const param = (req: Request, name: string): string => String(req.params[name]);

function stringField(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  if (typeof value !== 'string' || value === '' || value.length > 200) throw new HttpError(400, `'${name}' must be a non-empty string`);
  return value;
}

/** Runs an accounts operation, turning its AccountError into the HTTP error it names. */
function accounts<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof AccountError) throw new HttpError(err.status, err.message);
    throw err;
  }
}

export function authRouter(auth: Auth, opts: AuthRoutesOptions = {}): Router {
  const api = Router();

  /** The signed-in user's role in the group; 404 for outsiders, 403 without the permission. */
  const groupRole = (req: Request, permission: Permission): { user: User; group: string; role: Role } => {
    const { user } = requireSignedIn(req);
    const group = param(req, 'code');
    const role = auth.accounts.role(user.id, group);
    if (!role) throw new HttpError(404, 'no such group');
    if (!can(role, permission)) throw new HttpError(403, `a ${role} cannot do this`);
    return { user, group, role };
  };

  const startSession = (req: Request, res: Response, user: User) => {
    if (req.signedIn) auth.sessions.revoke(req.signedIn.session);
    const { token, session } = auth.sessions.create(user.id);
    res.cookie(SESSION_COOKIE, token, sessionCookieOptions(req.secure, session.expiresAt));
    return auth.describe({ user, session });
  };

  const limits = new SignInLimits({
    perName: opts.signInMax, perIp: opts.signInMaxPerIp, perAccount: opts.signInMaxPerAccount, windowMs: opts.signInWindowMs, now: opts.now, counters: opts.counters,
  });
  const tooMany = (res: Response, refusal: Refusal) => {
    res.set('Retry-After', String(refusal.retryAfter));
    throw new HttpError(429, refusal.error);
  };
  api.post('/session', async (req, res) => {
    const name = stringField(req.body, 'name');
    const password = stringField(req.body, 'password');
    const ip = ipKeyGenerator(req.ip ?? '');
    const locked = await limits.before(ip, name);
    if (locked) return tooMany(res, locked);
    const user = await auth.verifyCredentials(name, password);
    if (!user) {
      // With the user's id when the name exists, so that their group's coordinators see it.
      auth.audit.record('sign-in-failed', { userId: auth.accounts.credentials(name)?.user.id, name, ip: req.ip });
      const refusal = await limits.failed(ip, name);
      if (refusal) return tooMany(res, refusal);
      throw new HttpError(401, 'wrong name or password');
    }
    auth.audit.record('sign-in', { userId: user.id, name: user.name, ip: req.ip });
    res.json(startSession(req, res, user));
  });

  api.get('/session', (req, res) => {
    res.json(auth.describe(requireSignedIn(req)));
  });

  api.delete('/session', (req, res) => {
    const { user, session } = requireSignedIn(req);
    auth.sessions.revoke(session);
    auth.audit.record('sign-out', { userId: user.id, name: user.name, ip: req.ip });
    res.clearCookie(SESSION_COOKIE, sessionCookieOptions(req.secure));
    res.status(204).end();
  });

  api.post('/groups/:code/invitations', (req, res) => {
    const { user, group } = groupRole(req, 'invite');
    const body = req.body as Record<string, unknown> | undefined;
    if (!isRole(body?.role)) throw new HttpError(400, `'role' must be one of ${ROLES.join(', ')}`);
    const expiresIn = body?.expiresIn ?? INVITATION_TTL.default;
    if (typeof expiresIn !== 'number' || !Number.isInteger(expiresIn) || expiresIn < INVITATION_TTL.min || expiresIn > INVITATION_TTL.max) {
      throw new HttpError(400, `'expiresIn' must be a number of seconds from ${INVITATION_TTL.min} to ${INVITATION_TTL.max}`);
    }
    const { token, invitation } = accounts(() => auth.invitations.create(group, body.role as Role, expiresIn, user.id));
    auth.audit.record('invitation-created', { userId: user.id, name: user.name, group, ip: req.ip, detail: { role: invitation.role, expiresAt: invitation.expiresAt } });
    res.status(201).json({ url: `/invite/${token}`, invitation });
  });

  api.get('/invitations/:token', (req, res) => {
    res.json({ invitation: accounts(() => auth.invitations.get(param(req, 'token'))) });
  });

  api.post('/invitations/:token/accept', async (req, res) => {
    const token = param(req, 'token');
    accounts(() => auth.invitations.get(token)); // refuse a bad invitation before hashing a password
    let user = req.signedIn?.user;
    let userId: string | (() => string);
    if (user) {
      userId = user.id;
    } else {
      const body = req.body as Record<string, unknown> | undefined;
      const name = accounts(() => checkUserName(body?.name));
      const hash = await hashPassword(accounts(() => checkPassword(body?.password)));
      userId = () => (user = auth.accounts.createUser(name, hash)).id;
    }
    const { invitation } = accounts(() => auth.invitations.accept(token, userId));
    const member = user!;
    auth.audit.record('invitation-accepted', { userId: member.id, name: member.name, group: invitation.group, ip: req.ip, detail: { role: invitation.role } });
    res.json(req.signedIn ? auth.describe(req.signedIn) : startSession(req, res, member));
  });

  api.get('/groups/:code/members', (req, res) => {
    const { group } = groupRole(req, 'manageMembers');
    res.json({ members: auth.accounts.members(group) });
  });

  api.patch('/groups/:code/members/:userId', (req, res) => {
    const { user, group } = groupRole(req, 'manageMembers');
    const role = (req.body as Record<string, unknown> | undefined)?.role;
    if (!isRole(role)) throw new HttpError(400, `'role' must be one of ${ROLES.join(', ')}`);
    const memberId = param(req, 'userId');
    const before = auth.accounts.role(memberId, group);
    if (!before) throw new HttpError(404, 'no such member');
    accounts(() => auth.accounts.setRole(memberId, group, role));
    auth.audit.record('role-change', { userId: user.id, name: user.name, group, ip: req.ip, detail: { member: memberId, from: before, to: role } });
    res.json({ member: auth.accounts.members(group).find((m) => m.userId === memberId) });
  });

  api.get('/groups/:code/audit', (req, res) => {
    const { group } = groupRole(req, 'readAudit');
    res.json({ entries: auth.audit.forGroup(group) });
  });

  return api;
}
