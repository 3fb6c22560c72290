import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** Who the enabled members of the admin groups are, for the "last admin" guard. */
@Injectable()
export class AdminMembersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Whether this user is an enabled member of `groups`, and how many other enabled users are (names trimmed, case-insensitive). */
  async around(userId: string, groups: readonly string[]): Promise<{ userIsEnabledAdmin: boolean; otherEnabledAdmins: number }> {
    const rows: { userIsEnabledAdmin: boolean; otherEnabledAdmins: string }[] = await this.db.query(
      `WITH admins AS (SELECT DISTINCT u.id FROM users u JOIN memberships m ON m.user_id = u.id JOIN groups g ON g.id = m.group_id
                       WHERE u.active AND lower(btrim(g.name)) = ANY($2::text[]))
       SELECT EXISTS (SELECT 1 FROM admins WHERE id = $1) AS "userIsEnabledAdmin",
              (SELECT count(*) FROM admins WHERE id <> $1) AS "otherEnabledAdmins"`,
      [userId, groups.map((group) => group.trim().toLowerCase())],
    );
    return { userIsEnabledAdmin: rows[0]!.userIsEnabledAdmin, otherEnabledAdmins: Number(rows[0]!.otherEnabledAdmins) };
  }
}
