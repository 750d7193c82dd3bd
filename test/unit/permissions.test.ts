import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACTIONS, ROLE_ACTIONS, type Action, type Role } from '../../src/auth/actions.js';
import { can, type Target } from '../../src/auth/can.js';
import type { Principal } from '../../src/auth/principal.js';

const session: Principal = {
  kind: 'session',
  userId: 'usr1',
  credentialId: 'ses1',
  scopes: null,
  fullAccess: true,
  spaceIds: new Set(),
  baseIds: new Set(),
  expiresAt: null,
  readOnly: false,
};

function token(scopes: Action[], reach: { full?: boolean; spaces?: string[]; bases?: string[] } = {}): Principal {
  return {
    kind: 'personal_access_token',
    userId: 'usr1',
    credentialId: 'acc1',
    scopes: new Set(scopes),
    fullAccess: reach.full ?? false,
    spaceIds: new Set(reach.spaces ?? []),
    baseIds: new Set(reach.bases ?? []),
    expiresAt: null,
    readOnly: false,
  };
}

const inBase = (role: Role | null, spaceId = 'spcA', baseId = 'bseA'): Target => ({
  kind: 'base',
  spaceId,
  baseId,
  role,
});

describe('can(): roles', () => {
  it('lets a viewer read and nothing else', () => {
    assert.equal(can(session, 'record|read', inBase('viewer')).allowed, true);
    const write = can(session, 'record|create', inBase('viewer'));
    assert.deepEqual(write, { allowed: false, reason: 'role', action: 'record|create', role: 'viewer' });
  });

  it('lets an editor change tables and records but not bases or the space', () => {
    for (const action of ['table|create', 'record|update', 'record|delete'] as const) {
      assert.equal(can(session, action, inBase('editor')).allowed, true, action);
    }
    assert.equal(can(session, 'base|create', { kind: 'space', spaceId: 'spcA', role: 'editor' }).allowed, false);
    assert.equal(can(session, 'space|update', { kind: 'space', spaceId: 'spcA', role: 'editor' }).allowed, false);
  });

  it('lets a creator manage bases, and only an owner manage the space and its roles', () => {
    assert.equal(can(session, 'base|delete', inBase('creator')).allowed, true);
    assert.equal(can(session, 'space|grant_role', { kind: 'space', spaceId: 'spcA', role: 'creator' }).allowed, false);
    assert.equal(can(session, 'space|grant_role', { kind: 'space', spaceId: 'spcA', role: 'owner' }).allowed, true);
    assert.equal(ROLE_ACTIONS.owner.size, ACTIONS.length - 1, 'an owner holds every action but the account-level space|create');
  });

  it('answers not_found, not forbidden, when the owner has no role on the space', () => {
    assert.deepEqual(can(session, 'record|read', inBase(null)), { allowed: false, reason: 'not_found' });
    assert.deepEqual(can(token(['record|read'], { full: true }), 'record|read', inBase(null)), { allowed: false, reason: 'not_found' });
  });

  it('lets any signed-in user create a space', () => {
    assert.equal(can(session, 'space|create', { kind: 'account' }).allowed, true);
  });
});

describe('can(): token scopes intersect the owner role', () => {
  it('refuses an action outside the scopes, naming it', () => {
    assert.deepEqual(can(token(['record|read'], { full: true }), 'record|create', inBase('owner')), {
      allowed: false,
      reason: 'missing_scope',
      action: 'record|create',
    });
  });

  it('never exceeds the owner: a write scope on a viewer role is refused', () => {
    const decision = can(token(['record|create'], { full: true }), 'record|create', inBase('viewer'));
    assert.equal(decision.allowed, false);
    assert.equal(decision.allowed === false && decision.reason, 'role');
  });

  it('allows what both the scope and the role allow', () => {
    assert.equal(can(token(['record|create'], { full: true }), 'record|create', inBase('editor')).allowed, true);
  });
});

describe('can(): token reach', () => {
  it('reaches a listed space and everything in it', () => {
    const t = token(['record|read', 'space|read'], { spaces: ['spcA'] });
    assert.equal(can(t, 'record|read', inBase('owner', 'spcA', 'bseX')).allowed, true);
    assert.equal(can(t, 'space|read', { kind: 'space', spaceId: 'spcA', role: 'owner' }).allowed, true);
    assert.deepEqual(can(t, 'record|read', inBase('owner', 'spcB', 'bseY')), { allowed: false, reason: 'outside_reach' });
  });

  it('reaches a listed base but not its siblings nor the space itself', () => {
    const t = token(['record|read', 'space|update'], { bases: ['bseA'] });
    assert.equal(can(t, 'record|read', inBase('owner', 'spcA', 'bseA')).allowed, true);
    assert.equal(can(t, 'record|read', inBase('owner', 'spcA', 'bseB')).allowed, false);
    assert.equal(can(t, 'space|update', { kind: 'space', spaceId: 'spcA', role: 'owner' }).allowed, false);
  });

  it('reaches every space of the owner with full access, including ones made later', () => {
    const t = token(['record|read'], { full: true });
    assert.equal(can(t, 'record|read', inBase('viewer', 'spcNew', 'bseNew')).allowed, true);
  });

  it('keeps a restricted token away from account-level actions', () => {
    assert.equal(can(token(['space|create'], { spaces: ['spcA'] }), 'space|create', { kind: 'account' }).allowed, false);
    assert.equal(can(token(['space|create'], { full: true }), 'space|create', { kind: 'account' }).allowed, true);
  });

  it('reaches nothing with neither lists nor full access', () => {
    assert.equal(can(token(['record|read']), 'record|read', inBase('owner')).allowed, false);
  });
});
