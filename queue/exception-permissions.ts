import { hasAnyRole, NotAllowed, type Actor } from './actor.js';

export type ExceptionType = 'business' | 'compliance' | 'system';
/** `recommend` is the first half of a compliance release: a different approver then approves it. */
export type Decision = 'recommend' | 'approve' | 'reject' | 'resume';
export type ExceptionAction = Decision | 'assign' | 'comment';

/**
 * Who may act on an exception, by action and exception type (admin may do everything):
 * - assign (to oneself), recommend, reject: handler or approver;
 * - comment: operator, handler or approver;
 * - approve: a compliance release needs an approver (and someone else's recommendation);
 *   approving any other exception (run it again as it is) needs a handler or an approver;
 * - resume (with or without edited data): handler or approver, and also an operator when the
 *   exception is a system failure (an operator's retry); nobody resumes a compliance hold (it ends
 *   only by a two-person release, whose recommendation may carry corrected data, or a rejection).
 */
export function rolesFor(action: ExceptionAction, type: ExceptionType): readonly string[] {
  switch (action) {
    case 'comment':
      return ['operator', 'handler', 'approver'];
    case 'approve':
      return type === 'compliance' ? ['approver'] : ['handler', 'approver'];
    case 'resume':
      if (type === 'compliance') return [];
      return type === 'system' ? ['operator', 'handler', 'approver'] : ['handler', 'approver'];
    case 'assign':
    case 'recommend':
    case 'reject':
      return ['handler', 'approver'];
  }
}

export function mayAct(actor: Actor, action: ExceptionAction, type: ExceptionType): boolean {
  return hasAnyRole(actor, rolesFor(action, type));
}

export function requireRole(actor: Actor, action: ExceptionAction, type: ExceptionType, id: string): void {
  if (mayAct(actor, action, type)) return;
  const roles = rolesFor(action, type);
  throw new NotAllowed(
    `${actor.username} (roles: ${actor.roles.join(', ') || 'none'}) may not ${action} ${type} exception ${id}: it needs the role ${roles.join(' or ')}`,
    `Ask someone with the role ${roles.join(' or ')} to do it, or an admin to give you the role.`,
  );
}
