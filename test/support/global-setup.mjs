// Plain ESM: jest loads global setup outside its module mapper, so this imports no project code.
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/**
 * Creating a PGlite database (initdb) takes seconds; loading a snapshot of one takes half a
 * second. So the run creates one, and every test file loads its own copy (migrations then run
 * on start, as in production).
 */
export default async function globalSetup() {
  if (process.env.TEST_DATABASE_URL) return;
  const db = await PGlite.create();
  const dump = await db.dumpDataDir('none');
  await db.close();
  const path = join(tmpdir(), `sesame-test-snapshot-${process.pid}.tar`);
  await writeFile(path, Buffer.from(await dump.arrayBuffer()));
  process.env.SESAME_TEST_SNAPSHOT = path;
}
