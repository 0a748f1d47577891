import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db/pool.ts';
import { linkUpsert } from './assess.ts';

/**
 * The device cookie (设备标识): a random id a browser keeps for two years, set at sign-in. Risk control
 * links the buyer accounts that sign in from one browser. It identifies a browser profile, not a
 * person, and is never used to sign anybody in.
 */
export const DEVICE_COOKIE = 'kameng_device';
const SHAPE = /^[A-Za-z0-9_-]{22}$/;
const TWO_YEARS_S = 2 * 365 * 86_400;

/** The request's device id, if it carries a well-formed one. */
export function deviceOf(req: FastifyRequest): string | null {
  const v = req.cookies[DEVICE_COOKIE];
  return v && SHAPE.test(v) ? v : null;
}

/** The device id, issuing the cookie first if the browser has none. */
export function ensureDevice(req: FastifyRequest, reply: FastifyReply): string {
  const known = deviceOf(req);
  if (known) return known;
  const id = randomBytes(16).toString('base64url');
  reply.setCookie(DEVICE_COOKIE, id, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: req.protocol === 'https',
    maxAge: TWO_YEARS_S,
  });
  return id;
}

/** Records that a buyer signed in from this device and network. */
export async function recordSignIn(
  db: Db,
  user: { id: number; role: string },
  client: { device: string; ip: string },
  now: Date,
): Promise<void> {
  if (user.role !== 'buyer') return;
  const upsert = linkUpsert(user.id, client, now, 'touch');
  if (upsert) await db.execute(upsert);
}
