import { type CaseState, OPEN_STATES } from './case-machine.ts';

/**
 * The case conversation (留言), as rules. Two threads per case: `buyer` — the buyer and the platform
 * staff — and `merchant` — the shop and the platform staff. Staff (agents, supervisors, admins) read and
 * write both; the buyer reads and writes only `buyer`, the shop only `merchant`. So the shop never sees
 * the buyer's words or files (which may carry a phone number or an address), and the buyer does not
 * see what the shop argues to the platform — as on Taobao/JD, where the platform mediates.
 */
export const THREADS = ['buyer', 'merchant'] as const;
export type Thread = (typeof THREADS)[number];
export type Side = 'buyer' | 'merchant' | 'staff';
type Role = 'buyer' | 'merchant' | 'agent' | 'supervisor' | 'admin';

/** The longest message, in characters. */
export const MAX_MESSAGE_CHARS = 2000;
/** Files one message may carry (they count against the case's evidence limits too). */
export const MAX_MESSAGE_FILES = 5;
/** After a case is finished the buyer and the shop may still write for this long (staff always may). */
export const TALK_AFTER_CLOSE_DAYS = 7;

export function sideOf(role: Role): Side {
  return role === 'buyer' || role === 'merchant' ? role : 'staff';
}

/** The threads this reader sees. */
export function threadsFor(role: Role): readonly Thread[] {
  const side = sideOf(role);
  return side === 'staff' ? THREADS : [side];
}

/**
 * The thread a message goes to: the buyer's and the shop's own; staff say which (the buyer's by
 * default). A party naming the other's thread is refused like a missing case would be — null.
 */
export function threadToWrite(role: Role, asked: Thread | undefined): Thread | null {
  const side = sideOf(role);
  if (side === 'staff') return asked ?? 'buyer';
  return asked === undefined || asked === side ? side : null;
}

/** Who hears of a new message: staff's go to the thread's party, a party's to the staff. */
export function recipientSide(thread: Thread, author: Side): Side {
  return author === 'staff' ? thread : 'staff';
}

/**
 * Whether the buyer or the shop may still write: while the case is open, and for TALK_AFTER_CLOSE_DAYS
 * after it was finished (its last change) — a question about the refund that just arrived, a receipt —
 * then the case is history. Staff may always write (an explanation, a correction).
 */
export function mayWrite(role: Role, c: { state: CaseState; updatedAt: Date }, now: Date): boolean {
  if (sideOf(role) === 'staff' || OPEN_STATES.includes(c.state)) return true;
  return now.getTime() < c.updatedAt.getTime() + TALK_AFTER_CLOSE_DAYS * 86_400_000;
}

/**
 * The messages a reader has not seen: from the other side of a thread they read, after their read
 * marker. For staff, a party's message already answered by any staff member is not "unread" either —
 * the queue shows what still waits for the platform, not what a colleague has handled.
 */
export function isUnread(
  m: { id: number; authorSide: Side },
  reader: { side: Side; lastReadId: number; lastStaffReplyId: number },
): boolean {
  if (m.authorSide === reader.side) return false;
  if (m.id <= reader.lastReadId) return false;
  if (reader.side === 'staff' && m.id <= reader.lastStaffReplyId) return false;
  // A shop reads only staff messages in its thread; the buyer likewise: the other side is staff.
  return reader.side === 'staff' || m.authorSide === 'staff';
}
