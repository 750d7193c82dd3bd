// Turns can() decisions into errors, looking up the owner's current role on the space.
import { AppError, notFound } from '../errors.js';
import type { Action, Role } from './actions.js';
import { can, type Decision, type Target } from './can.js';
import type { Principal } from './principal.js';

export interface RoleLookup {
  roleOf(spaceId: string, userId: string): Promise<Role | null>;
}

export function refusal(decision: Exclude<Decision, { allowed: true }>, what: string): AppError {
  switch (decision.reason) {
    case 'not_found':
      return notFound(what);
    case 'missing_scope':
      return new AppError('restricted_resource', `the token lacks the scope ${decision.action}`, undefined, decision.action);
    case 'outside_reach':
      return new AppError('restricted_resource', `the token is not allowed to reach this ${what}`);
    case 'role':
      return new AppError('restricted_resource', `your role (${decision.role}) does not allow ${decision.action}`);
  }
}

/** Checks the credential's scopes alone (no resource yet): a route's first, cheapest check. */
export function assertScope(principal: Principal, action: Action): void {
  if (principal.scopes !== null && !principal.scopes.has(action)) {
    throw refusal({ allowed: false, reason: 'missing_scope', action }, 'resource');
  }
}

export function assertAllowed(principal: Principal, action: Action, target: Target, what: string): void {
  const decision = can(principal, action, target);
  if (!decision.allowed) throw refusal(decision, what);
}

export class Guard {
  constructor(private readonly roles: RoleLookup) {}

  roleOf(principal: Principal, spaceId: string): Promise<Role | null> {
    return this.roles.roleOf(spaceId, principal.userId);
  }

  account(principal: Principal, action: Action): void {
    assertAllowed(principal, action, { kind: 'account' }, 'resource');
  }

  /** Checks an action on a space; returns the owner's role there. */
  async space(principal: Principal, action: Action, spaceId: string): Promise<Role> {
    const role = await this.roleOf(principal, spaceId);
    assertAllowed(principal, action, { kind: 'space', spaceId, role }, 'space');
    return role!;
  }

  /**
   * Checks an action on a base (or anything inside it), with the owner's role in its space read in
   * the same read as the resource (BaseRepository.locate, TableRepository.locate); returns the role.
   */
  baseWithRole(principal: Principal, action: Action, at: { spaceId: string; baseId: string; role: Role | null }, what = 'base'): Role {
    assertAllowed(principal, action, { kind: 'base', ...at }, what);
    return at.role!;
  }
}
