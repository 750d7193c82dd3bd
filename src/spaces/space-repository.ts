import type { Kysely } from 'kysely';
import type { Role } from '../auth/actions.js';
import type { RoleLookup } from '../auth/guard.js';
import { CompiledLookup } from '../db/compiled-query.js';
import type { Database, SpaceRow } from '../db/schema.js';
import type { SequenceRepository } from '../db/sequence-repository.js';

export interface SpaceWithRole extends SpaceRow {
  role: Role;
}

export interface CollaboratorRow {
  user_id: string;
  name: string;
  email: string;
  avatar: string | null;
  role: Role;
  created_time: string;
}

export class SpaceRepository implements RoleLookup {
  /** Read by every request that reaches into a space: compiled once. */
  private readonly role: CompiledLookup<{ role: string }>;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly sequences: SequenceRepository,
  ) {
    this.role = new CompiledLookup(db, db.selectFrom('space_members').select('role').where('space_id', '=', '').where('user_id', '=', ''));
  }

  findById(id: string): Promise<SpaceRow | undefined> {
    return this.db.selectFrom('spaces').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByNum(num: number): Promise<SpaceRow | undefined> {
    return this.db.selectFrom('spaces').selectAll().where('num', '=', num).executeTakeFirst();
  }

  async roleOf(spaceId: string, userId: string): Promise<Role | null> {
    const row = await this.role.first(spaceId, userId);
    return (row?.role as Role | undefined) ?? null;
  }

  async create(fields: Omit<SpaceRow, 'num'>): Promise<SpaceRow> {
    // The number is drawn before the transaction: SQLite has one connection, held by the transaction.
    const space = { ...fields, num: await this.sequences.next('spaces') };
    await this.db.transaction().execute(async (tx) => {
      await tx.insertInto('spaces').values(space).execute();
      await tx
        .insertInto('space_members')
        .values({ space_id: space.id, user_id: space.created_by, role: 'owner', created_time: space.created_time })
        .execute();
    });
    return space;
  }

  /** The user's spaces, each with the user's role there. */
  private spacesOf(userId: string) {
    return this.db
      .selectFrom('spaces')
      .innerJoin('space_members', 'space_members.space_id', 'spaces.id')
      .selectAll('spaces')
      .select('space_members.role')
      .where('space_members.user_id', '=', userId);
  }

  async findForUser(spaceId: string, userId: string): Promise<SpaceWithRole | undefined> {
    return (await this.spacesOf(userId).where('spaces.id', '=', spaceId).executeTakeFirst()) as SpaceWithRole | undefined;
  }

  async listForUser(userId: string): Promise<SpaceWithRole[]> {
    return (await this.spacesOf(userId).orderBy('spaces.created_time').orderBy('spaces.id').execute()) as SpaceWithRole[];
  }

  async rename(spaceId: string, name: string): Promise<void> {
    await this.db.updateTable('spaces').set({ name }).where('id', '=', spaceId).execute();
  }

  async delete(spaceId: string): Promise<void> {
    await this.db.deleteFrom('spaces').where('id', '=', spaceId).execute();
  }

  async collaborators(spaceId: string): Promise<CollaboratorRow[]> {
    const rows = await this.db
      .selectFrom('space_members')
      .innerJoin('users', 'users.id', 'space_members.user_id')
      .select(['users.id as user_id', 'users.name', 'users.email', 'users.avatar', 'space_members.role', 'space_members.created_time'])
      .where('space_members.space_id', '=', spaceId)
      .orderBy('space_members.created_time')
      .orderBy('users.id')
      .execute();
    return rows as CollaboratorRow[];
  }

  async addMembers(spaceId: string, userIds: readonly string[], role: Role, at: string): Promise<void> {
    if (userIds.length === 0) return;
    await this.db
      .insertInto('space_members')
      .values(userIds.map((user_id) => ({ space_id: spaceId, user_id, role, created_time: at })))
      .execute();
  }

  /** Sets a member's role unless that would leave the space without an owner; false if refused. */
  async setRole(spaceId: string, userId: string, role: Role): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      await this.lockMembership(tx, spaceId);
      if (role !== 'owner' && !(await this.hasOtherOwner(tx, spaceId, userId))) return false;
      await tx.updateTable('space_members').set({ role }).where('space_id', '=', spaceId).where('user_id', '=', userId).execute();
      return true;
    });
  }

  /** Removes a member unless it is the last owner; false if refused. */
  async removeMember(spaceId: string, userId: string): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      await this.lockMembership(tx, spaceId);
      if (!(await this.hasOtherOwner(tx, spaceId, userId))) return false;
      await tx.deleteFrom('space_members').where('space_id', '=', spaceId).where('user_id', '=', userId).execute();
      return true;
    });
  }

  /**
   * Serialises the changes that could take away an owner, per space: a write to the space's row
   * (that changes nothing) locks it until the transaction ends, so that of two owners stepping down
   * at once the second sees the first's change (on PostgreSQL each would otherwise see the other
   * still an owner, and both go). SQLite runs one transaction at a time anyway.
   */
  private async lockMembership(tx: Kysely<Database>, spaceId: string): Promise<void> {
    await tx.updateTable('spaces').set({ id: spaceId }).where('id', '=', spaceId).execute();
  }

  private async hasOtherOwner(tx: Kysely<Database>, spaceId: string, userId: string): Promise<boolean> {
    const other = await tx
      .selectFrom('space_members')
      .select('user_id')
      .where('space_id', '=', spaceId)
      .where('role', '=', 'owner')
      .where('user_id', '!=', userId)
      .executeTakeFirst();
    return other !== undefined;
  }
}
