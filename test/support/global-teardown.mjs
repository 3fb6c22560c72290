import { rm } from 'node:fs/promises';

export default async function globalTeardown() {
  const path = process.env.SESAME_TEST_SNAPSHOT;
  if (path) await rm(path, { force: true });
}
