/**
 * Who acts on the queue's stores: a signed-in board user, or a person at the command line
 * (`rpa exceptions decide --by NAME --role ROLE`). The role names are the board's
 * (viewer, operator, handler, approver, admin); admin holds every role.
 */
import { RpaError } from '../banking/index.js';
export interface Actor {
  username: string;
  roles: readonly string[];
}

export function hasRole(actor: Actor, role: string): boolean {
  return actor.roles.includes(role) || actor.roles.includes('admin');
}

export function hasAnyRole(actor: Actor, roles: readonly string[]): boolean {
  return roles.some((r) => hasRole(actor, r));
}

/** The acting user may not do this: a missing role, or the four-eyes rule. */
export class NotAllowed extends RpaError {
  constructor(
    message: string,
    readonly whatNext: string,
  ) {
    super(message);
  }
}
