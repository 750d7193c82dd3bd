// The permission model: one pure question, can(principal, action, target). A credential never
// exceeds its owner: its rights are its scopes intersected with the owner's role on the space at
// the time of the request.
import { ACCOUNT_ACTIONS, ROLE_ACTIONS, type Action, type Role } from './actions.js';
import type { Principal } from './principal.js';

/** Where an action lands. `role` is the owner's current role on the space (null: not a member). */
export type Target =
  | { readonly kind: 'account' }
  | { readonly kind: 'space'; readonly spaceId: string; readonly role: Role | null }
  | { readonly kind: 'base'; readonly spaceId: string; readonly baseId: string; readonly role: Role | null };

export type Decision =
  | { readonly allowed: true }
  /** The owner has no access at all: answered as "not found", so existence never leaks. */
  | { readonly allowed: false; readonly reason: 'not_found' }
  /** The credential lacks the scope. */
  | { readonly allowed: false; readonly reason: 'missing_scope'; readonly action: Action }
  /** The credential may not reach this space or base. */
  | { readonly allowed: false; readonly reason: 'outside_reach' }
  /** The owner's role does not allow the action. */
  | { readonly allowed: false; readonly reason: 'role'; readonly action: Action; readonly role: Role };

const ALLOW: Decision = { allowed: true };

export function reaches(principal: Principal, target: Target): boolean {
  if (principal.scopes === null || principal.fullAccess) return true;
  switch (target.kind) {
    case 'account':
      return false;
    case 'space':
      return principal.spaceIds.has(target.spaceId);
    case 'base':
      return principal.spaceIds.has(target.spaceId) || principal.baseIds.has(target.baseId);
  }
}

export function can(principal: Principal, action: Action, target: Target): Decision {
  if (target.kind !== 'account' && target.role === null) return { allowed: false, reason: 'not_found' };
  if (principal.scopes !== null && !principal.scopes.has(action)) {
    return { allowed: false, reason: 'missing_scope', action };
  }
  if (!reaches(principal, target)) return { allowed: false, reason: 'outside_reach' };
  if (target.kind === 'account') return ACCOUNT_ACTIONS.has(action) ? ALLOW : { allowed: false, reason: 'not_found' };
  if (!ROLE_ACTIONS[target.role!].has(action)) return { allowed: false, reason: 'role', action, role: target.role! };
  return ALLOW;
}
