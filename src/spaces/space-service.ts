// Spaces and their collaborators. Every method takes the acting Principal and checks it.
import { isRole, type Role } from '../auth/actions.js';
import { can } from '../auth/can.js';
import { refusal, type Guard } from '../auth/guard.js';
import type { Principal } from '../auth/principal.js';
import type { BaseRepository } from '../bases/base-repository.js';
import { newId } from '../crypto/ids.js';
import { AppError, invalid, notFound } from '../errors.js';
import type { UserRepository } from '../users/user-repository.js';
import type { CollaboratorRow, SpaceRepository, SpaceWithRole } from './space-repository.js';

export interface SpaceView {
  id: string;
  name: string;
  role: Role;
}

const view = (space: SpaceWithRole): SpaceView => ({ id: space.id, name: space.name, role: space.role });

function checkName(name: string | undefined, fallback: string): string {
  const value = (name ?? '').trim() || fallback;
  if (value.length > 100) throw invalid('name', 'must be at most 100 characters');
  return value;
}

function checkRole(role: string): Role {
  if (!isRole(role)) throw invalid('role', 'must be one of owner, creator, editor, viewer');
  return role;
}

export class SpaceService {
  constructor(
    private readonly spaces: SpaceRepository,
    private readonly bases: BaseRepository,
    private readonly users: UserRepository,
    private readonly guard: Guard,
  ) {}

  async create(principal: Principal, input: { name?: string | undefined }): Promise<{ id: string; name: string }> {
    this.guard.account(principal, 'space|create');
    const space = {
      id: newId('spc'),
      name: checkName(input.name, 'Space'),
      created_by: principal.userId,
      created_time: new Date().toISOString(),
    };
    await this.spaces.create(space);
    return { id: space.id, name: space.name };
  }

  /** The caller's spaces that the credential may see: by space reach, or through a base it reaches. */
  async list(principal: Principal): Promise<SpaceView[]> {
    const spaces = await this.spaces.listForUser(principal.userId);
    const viaBases = new Set((await this.bases.listVisible([...principal.baseIds], principal.userId)).map((b) => b.space_id));
    return spaces
      .filter((s) => {
        const decision = can(principal, 'space|read', { kind: 'space', spaceId: s.id, role: s.role });
        return decision.allowed || (decision.reason === 'outside_reach' && viaBases.has(s.id));
      })
      .map(view);
  }

  async get(principal: Principal, spaceId: string): Promise<SpaceView> {
    const space = await this.spaces.findForUser(spaceId, principal.userId);
    const decision = can(principal, 'space|read', { kind: 'space', spaceId, role: space?.role ?? null });
    if (decision.allowed) return view(space!);
    if (decision.reason === 'outside_reach' && (await this.reachesABaseIn(principal, spaceId))) return view(space!);
    throw refusal(decision, 'space');
  }

  /** True when a base-restricted credential reaches at least one base in the space. */
  async reachesABaseIn(principal: Principal, spaceId: string): Promise<boolean> {
    const bases = await this.bases.listVisible([...principal.baseIds], principal.userId);
    return bases.some((b) => b.space_id === spaceId);
  }

  async update(principal: Principal, spaceId: string, input: { name?: string | undefined }): Promise<{ id: string; name: string }> {
    await this.guard.space(principal, 'space|update', spaceId);
    const space = (await this.spaces.findForUser(spaceId, principal.userId))!;
    const name = input.name === undefined ? space.name : checkName(input.name, space.name);
    await this.spaces.rename(spaceId, name);
    return { id: spaceId, name };
  }

  async delete(principal: Principal, spaceId: string): Promise<void> {
    await this.guard.space(principal, 'space|delete', spaceId);
    await this.spaces.delete(spaceId);
  }

  async collaborators(principal: Principal, spaceId: string): Promise<CollaboratorRow[]> {
    await this.get(principal, spaceId);
    return this.spaces.collaborators(spaceId);
  }

  async addCollaborators(principal: Principal, spaceId: string, userIds: readonly string[], role: string): Promise<void> {
    const wanted = checkRole(role);
    await this.guard.space(principal, 'space|grant_role', spaceId);
    const unique = [...new Set(userIds)];
    for (const [index, userId] of unique.entries()) {
      if (!(await this.users.findById(userId))) throw invalid(`collaborators.${index}.principalId`, 'no such user');
      if (await this.spaces.roleOf(spaceId, userId)) {
        throw new AppError('conflict', `collaborators.${index}.principalId: already a collaborator of this space`);
      }
    }
    await this.spaces.addMembers(spaceId, unique, wanted, new Date().toISOString());
  }

  async updateCollaborator(principal: Principal, spaceId: string, userId: string, role: string): Promise<void> {
    const wanted = checkRole(role);
    await this.guard.space(principal, 'space|grant_role', spaceId);
    if (!(await this.spaces.roleOf(spaceId, userId))) throw notFound('collaborator');
    if (!(await this.spaces.setRole(spaceId, userId, wanted))) throw invalid('role', 'a space must keep at least one owner');
  }

  /** An owner removes anyone; any member may leave. The last owner stays. */
  async removeCollaborator(principal: Principal, spaceId: string, userId: string): Promise<void> {
    if (userId === principal.userId && principal.scopes === null) {
      if (!(await this.spaces.roleOf(spaceId, userId))) throw notFound('space');
    } else {
      await this.guard.space(principal, 'space|grant_role', spaceId);
      if (!(await this.spaces.roleOf(spaceId, userId))) throw notFound('collaborator');
    }
    if (!(await this.spaces.removeMember(spaceId, userId))) throw invalid('principalId', 'a space must keep at least one owner');
  }
}
