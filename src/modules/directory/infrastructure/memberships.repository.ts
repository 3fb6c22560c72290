import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { MembershipOrigin } from '../membership.entity.js';

export interface MembershipChanges {
  /** Groups to create when missing (by case-insensitive name). */
  readonly create: readonly string[];
  readonly add: readonly { readonly group: string; readonly origin: MembershipOrigin }[];
  readonly remove: readonly { readonly group: string }[];
  /** An added membership that exists with one of these origins takes the new origin (the new source owns it from now on). */
  readonly takeOverFrom?: readonly MembershipOrigin[];
}

/**
 * A login's identity link after its group change: the new group hash and the time. Written by
 * the statement that changes the memberships, so a changed login pays no round trip for it.
 */
export interface LinkStamp {
  readonly providerId: string;
  readonly subject: string;
  readonly groupsHash: string | null;
  readonly at: Date;
}

/** Groups and memberships for the writers other than the admin API; every method runs in the caller's EntityManager. */
@Injectable()
export class MembershipsRepository {
  /** The user's groups (by name, case-insensitively) with how each membership came about. */
  ofUser(db: EntityManager, userId: string): Promise<{ name: string; origin: MembershipOrigin }[]> {
    return db.query(
      `SELECT g.name, m.origin FROM memberships m JOIN groups g ON g.id = m.group_id WHERE m.user_id = $1 ORDER BY lower(g.name)`,
      [userId],
    );
  }

  /** The stored names of the groups among these lower-cased keys. */
  async existingNames(db: EntityManager, keys: readonly string[]): Promise<string[]> {
    if (keys.length === 0) return [];
    const rows: { name: string }[] = await db.query(`SELECT name FROM groups WHERE lower(name) = ANY($1::text[])`, [keys]);
    return rows.map((r) => r.name);
  }

  /**
   * What a group plan reads, in one statement: the user's memberships (as ofUser; none for a user
   * not created yet) and the stored names of the other groups among these lower-cased keys. The
   * lists come as JSON arrays of strings: for a member of 1,000 groups, one row to parse (a third
   * of the CPU of 1,000 rows).
   */
  async ofUserAndExisting(
    db: EntityManager,
    userId: string | null,
    keys: readonly string[],
  ): Promise<{ current: { name: string; origin: MembershipOrigin }[]; existing: string[] }> {
    type Json<T> = T | string;
    const [row]: { names: Json<string[]>; origins: Json<MembershipOrigin[]>; existing: Json<string[]> }[] = await db.query(
      `SELECT coalesce(json_agg(mine.name ORDER BY mine.key), '[]') AS names,
              coalesce(json_agg(mine.origin ORDER BY mine.key), '[]') AS origins,
              (SELECT coalesce(json_agg(g.name ORDER BY lower(g.name)), '[]')
                 FROM groups g WHERE lower(g.name) = ANY($2::text[])
                  AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.group_id = g.id AND m.user_id = $1)) AS existing
         FROM (SELECT g.name, m.origin, lower(g.name) AS key
                 FROM memberships m JOIN groups g ON g.id = m.group_id WHERE m.user_id = $1) AS mine`,
      [userId, keys],
    );
    const origins = fromJson(row!.origins);
    const current = fromJson(row!.names).map((name, index) => ({ name, origin: origins[index]! }));
    return { current, existing: fromJson(row!.existing) };
  }

  /**
   * What an on-the-fly login's plan reads, without the groups it cannot change: a claimed group
   * the user is a member of already stays a membership (unless `fixedKeys`, the default and
   * excluded groups, lists it: their outcome depends on more). One statement returns the user's
   * other memberships, the positions in `claimKeys` of the claimed groups left to look at, and
   * the stored names of the groups among those and `fixedKeys` that the user is not a member of.
   * For a member of 1,000 groups whose claim changed by a few, the answer is a few names, not 1,000.
   * (`NOT IN` rather than `NOT EXISTS`: inside an OR, only NOT IN runs as one hashed lookup per row.)
   */
  async changeableOnTheFly(
    db: EntityManager,
    userId: string,
    claimKeys: readonly string[],
    fixedKeys: readonly string[],
  ): Promise<{ current: { name: string; origin: MembershipOrigin }[]; claimPositions: number[]; existing: string[] }> {
    type Json<T> = T | string;
    const [row]: { names: Json<string[]>; origins: Json<MembershipOrigin[]>; positions: Json<number[]>; existing: Json<string[]> }[] =
      await db.query(
        `WITH claim AS (SELECT c.key, c.ord FROM json_array_elements_text($2::json) WITH ORDINALITY AS c(key, ord)),
              mine AS (SELECT g.name, m.origin, lower(g.name) AS key
                         FROM memberships m JOIN groups g ON g.id = m.group_id WHERE m.user_id = $1),
              changeable AS (SELECT * FROM mine WHERE mine.key = ANY($3::text[]) OR mine.key NOT IN (SELECT key FROM claim)),
              looked AS (SELECT * FROM claim WHERE claim.key = ANY($3::text[]) OR claim.key NOT IN (SELECT key FROM mine))
         SELECT (SELECT coalesce(json_agg(c.name ORDER BY c.key), '[]') FROM changeable c) AS names,
                (SELECT coalesce(json_agg(c.origin ORDER BY c.key), '[]') FROM changeable c) AS origins,
                (SELECT coalesce(json_agg(l.ord - 1 ORDER BY l.ord), '[]') FROM looked l) AS positions,
                (SELECT coalesce(json_agg(g.name ORDER BY lower(g.name)), '[]') FROM groups g
                  WHERE lower(g.name) = ANY(ARRAY(SELECT key FROM looked) || $3::text[])
                    AND lower(g.name) NOT IN (SELECT key FROM mine)) AS existing`,
        // The claim as JSON: pg writes a text[] of 1,000 names a quarter slower (two escapes per name).
        [userId, JSON.stringify(claimKeys), fixedKeys],
      );
    const origins = fromJson(row!.origins);
    const current = fromJson(row!.names).map((name, index) => ({ name, origin: origins[index]! }));
    return { current, claimPositions: fromJson(row!.positions), existing: fromJson(row!.existing) };
  }

  /**
   * Set-based: one statement creates the missing groups, one adds and removes memberships (a
   * DELETE in a CTE of the INSERT: the two never touch the same group, so neither sees the other)
   * and, given a `stamp`, stores the identity link's new group hash too.
   */
  async apply(db: EntityManager, userId: string, changes: MembershipChanges, stamp?: LinkStamp): Promise<void> {
    if (changes.create.length > 0) {
      // One order for every login, so two logins creating the same groups wait for each other instead of deadlocking.
      const names = [...changes.create].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
      await db.query(`INSERT INTO groups (name) SELECT unnest($1::text[]) ON CONFLICT ((lower(name))) DO NOTHING`, [names]);
    }
    const params: unknown[] = [userId];
    const removal =
      changes.remove.length > 0
        ? `DELETE FROM memberships m USING groups g WHERE m.group_id = g.id AND m.user_id = $1 AND lower(g.name) = ANY($${params.push(changes.remove.map((r) => r.group.toLowerCase()))}::text[])`
        : null;
    const stamping = stamp
      ? `UPDATE user_identities SET groups_hash = $${params.push(stamp.groupsHash)}, last_login_at = $${params.push(stamp.at)}
         WHERE user_id = $1 AND provider_id = $${params.push(stamp.providerId)} AND subject = $${params.push(stamp.subject)}`
      : null;
    if (changes.add.length === 0) {
      if (removal) await db.query(`${stamping ? `WITH stamped AS (${stamping}) ` : ''}${removal}`, params);
      else if (stamping) await db.query(stamping, params);
      return;
    }
    const names = params.push(changes.add.map((a) => a.group));
    const origins = params.push(changes.add.map((a) => a.origin));
    const onConflict = changes.takeOverFrom
      ? `DO UPDATE SET origin = EXCLUDED.origin WHERE memberships.origin = ANY($${params.push(changes.takeOverFrom)}::text[])`
      : 'DO NOTHING';
    const parts = [removal && `removed AS (${removal})`, stamping && `stamped AS (${stamping})`].filter(Boolean);
    await db.query(
      `${parts.length > 0 ? `WITH ${parts.join(', ')} ` : ''}INSERT INTO memberships (user_id, group_id, origin)
       SELECT $1, g.id, a.origin FROM unnest($${names}::text[], $${origins}::text[]) AS a(name, origin) JOIN groups g ON lower(g.name) = lower(a.name)
       ON CONFLICT (user_id, group_id) ${onConflict}`,
      params,
    );
  }

  /**
   * Makes the user's memberships of one origin exactly these groups (creating missing groups),
   * leaving memberships of other origins alone: what a provisioning client that sends the full
   * group list needs.
   */
  async set(db: EntityManager, userId: string, origin: MembershipOrigin, groups: readonly string[]): Promise<void> {
    const wanted = new Set(groups.map((g) => g.toLowerCase()));
    const current = await this.ofUser(db, userId);
    const remove = current.filter((m) => m.origin === origin && !wanted.has(m.name.toLowerCase())).map((m) => ({ group: m.name }));
    await this.apply(db, userId, { create: groups, add: groups.map((group) => ({ group, origin })), remove });
  }
}

/** A json column: pg and PGlite hand it over parsed; a driver that hands over the text gets it parsed here. */
function fromJson<T>(value: T | string): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}
