// Bases: created in a space, read and changed by those whose role and credential allow it.
import { randomUUID } from 'node:crypto';
import type { Action, Role } from '../auth/actions.js';
import { can } from '../auth/can.js';
import { refusal, type Guard } from '../auth/guard.js';
import type { Principal } from '../auth/principal.js';
import { newId } from '../crypto/ids.js';
import type { BaseRow } from '../db/schema.js';
import { conflictIfTaken } from '../db/store-errors.js';
import { AppError, invalid, notFound } from '../errors.js';
import type { BaseRepository } from './base-repository.js';

export interface BaseView {
  id: string;
  name: string;
  spaceId: string;
  icon: string | null;
  role: Role;
}

const view = (base: BaseRow, role: Role): BaseView => ({
  id: base.id,
  name: base.name,
  spaceId: base.space_id,
  icon: base.icon,
  role,
});

function checkName(name: string | undefined, fallback: string): string {
  const value = (name ?? '').trim() || fallback;
  if (value.length > 100) throw invalid('name', 'must be at most 100 characters');
  return value;
}

const nameTaken = (): AppError => new AppError('conflict', 'name: a base with this name already exists in the space');

function checkIcon(icon: string | null | undefined): string | null | undefined {
  if (typeof icon === 'string' && icon.length > 32) throw invalid('icon', 'must be at most 32 characters');
  return icon;
}

export class BaseService {
  constructor(
    private readonly bases: BaseRepository,
    private readonly guard: Guard,
  ) {}

  /** The base and the caller's role there, after checking `action` on it. */
  async locate(principal: Principal, action: Action, baseId: string): Promise<{ base: BaseRow; role: Role }> {
    const base = await this.bases.locate(baseId, principal.userId);
    if (!base) throw notFound('base');
    const role = this.guard.baseWithRole(principal, action, { spaceId: base.space_id, baseId, role: base.role as Role | null });
    return { base, role };
  }

  async create(principal: Principal, input: { spaceId: string; name?: string | undefined; icon?: string | undefined }): Promise<{ id: string; name: string; spaceId: string }> {
    await this.guard.space(principal, 'base|create', input.spaceId);
    const named = checkName(input.name, '') !== '';
    // Without a name, simultaneous creations may pick the same default: the losers pick again.
    for (let attempt = 1; ; attempt++) {
      const base: Omit<BaseRow, 'num'> = {
        id: newId('bse'),
        uuid: randomUUID().replaceAll('-', ''),
        space_id: input.spaceId,
        name: await this.freeName(input.spaceId, input.name),
        icon: checkIcon(input.icon) ?? null,
        created_by: principal.userId,
        created_time: new Date().toISOString(),
      };
      try {
        await conflictIfTaken(() => this.bases.insert(base), nameTaken);
        return { id: base.id, name: base.name, spaceId: base.space_id };
      } catch (error) {
        if (named || attempt >= 10 || !(error instanceof AppError && error.code === 'conflict')) throw error;
      }
    }
  }

  /** A base's name is unique in its space (SeaTable addresses bases by name): a given name that is
   * taken is a conflict; without one, the first free "Untitled base", "Untitled base 2", ... */
  private async freeName(spaceId: string, wanted: string | undefined): Promise<string> {
    const name = checkName(wanted, '');
    if (name !== '') {
      if (await this.bases.findByName(spaceId, name)) throw nameTaken();
      return name;
    }
    const taken = await this.bases.namesLike(spaceId, 'Untitled base');
    let candidate = 'Untitled base';
    for (let n = 2; taken.has(candidate); n++) candidate = `Untitled base ${n}`;
    return candidate;
  }

  async get(principal: Principal, baseId: string): Promise<BaseView> {
    const { base, role } = await this.locate(principal, 'base|read', baseId);
    return view(base, role);
  }

  async update(principal: Principal, baseId: string, input: { name?: string | undefined; icon?: string | null | undefined }): Promise<{ spaceId: string; name: string; icon?: string }> {
    const { base } = await this.locate(principal, 'base|update', baseId);
    const changes: { name?: string; icon?: string | null } = {};
    if (input.name !== undefined) {
      changes.name = checkName(input.name, base.name);
      const holder = await this.bases.findByName(base.space_id, changes.name);
      if (holder && holder.id !== baseId) throw nameTaken();
    }
    const icon = checkIcon(input.icon);
    if (icon !== undefined) changes.icon = icon;
    await conflictIfTaken(() => this.bases.update(baseId, changes), nameTaken);
    const name = changes.name ?? base.name;
    const newIcon = icon === undefined ? base.icon : icon;
    return { spaceId: base.space_id, name, ...(newIcon !== null ? { icon: newIcon } : {}) };
  }

  async delete(principal: Principal, baseId: string): Promise<void> {
    await this.locate(principal, 'base|delete', baseId);
    await this.bases.delete(baseId);
  }

  /** The bases of a space that the credential may read; 403/404 when it may read none of the space. */
  async listInSpace(principal: Principal, spaceId: string): Promise<BaseView[]> {
    const role = await this.guard.roleOf(principal, spaceId);
    const bases = await this.bases.listInSpace(spaceId);
    const readable = bases.filter((b) => can(principal, 'base|read', { kind: 'base', spaceId, baseId: b.id, role }).allowed);
    if (readable.length === 0) {
      const decision = can(principal, 'base|read', { kind: 'space', spaceId, role });
      if (!decision.allowed) throw refusal(decision, 'space');
    }
    return readable.map((b) => view(b, role!));
  }
}
