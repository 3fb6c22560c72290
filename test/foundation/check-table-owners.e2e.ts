import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPT = join(process.cwd(), 'scripts/check-table-owners.mjs');

/** The lint check of table ownership, run as `npm run lint` runs it, on a small source tree of its own. */
describe('scripts/check-table-owners.mjs', () => {
  let root: string;

  const write = async (path: string, text: string) => {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  };
  const check = async (): Promise<{ code: number; output: string }> => {
    try {
      const { stdout, stderr } = await run(process.execPath, [SCRIPT, root]);
      return { code: 0, output: stdout + stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, output: failed.stdout + failed.stderr };
    }
  };

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'table-owners-'));
    await write(
      'src/database/table-owners.json',
      JSON.stringify({ tables: { widgets: 'widget', gadgets: 'gadget' }, publishedViews: { gadget_names: 'gadget' } }),
    );
    await write(
      'src/database/migrations/1-init.ts',
      'export const up = `CREATE TABLE widgets (id int); CREATE TABLE gadgets (id int); CREATE VIEW gadget_names AS SELECT 1`;\n',
    );
    await write(
      'src/modules/widget/infrastructure/widgets.repository.ts',
      'export const find = `SELECT id FROM widgets w JOIN gadget_names g ON true WHERE w.id = $1`;\n',
    );
    await write('src/modules/widget/application/widgets.service.ts', "export const label = 'Widgets from the shop';\n");
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('passes a tree whose SQL is in its own module’s infrastructure/ folder', async () => {
    const { code, output } = await check();
    expect(output).toContain('every SQL statement');
    expect(code).toBe(0);
  });

  it('fails on SQL outside infrastructure/, naming the file and the line', async () => {
    await write(
      'src/modules/widget/application/widgets.service.ts',
      "export const label = 'Widgets';\nexport const sql = `UPDATE widgets SET id = 2`;\n",
    );
    const { code, output } = await check();
    expect(code).toBe(1);
    expect(output).toContain('src/modules/widget/application/widgets.service.ts:2: SQL on "widgets" outside an infrastructure/ folder');
  });

  it('fails on SQL reading a published view outside infrastructure/', async () => {
    await write('src/modules/widget/http/widgets.controller.ts', "const sql = 'SELECT * FROM gadget_names';\n");
    const { code, output } = await check();
    expect(code).toBe(1);
    expect(output).toContain('src/modules/widget/http/widgets.controller.ts:1: SQL on "gadget_names" outside an infrastructure/ folder');
  });

  it('fails on SQL naming another module’s table, even in infrastructure/', async () => {
    await write('src/modules/widget/infrastructure/gadgets.repository.ts', 'export const sql = `DELETE FROM gadgets`;\n');
    const { code, output } = await check();
    expect(code).toBe(1);
    expect(output).toContain(
      'src/modules/widget/infrastructure/gadgets.repository.ts:1: SQL names table "gadgets", owned by module gadget',
    );
  });

  it('fails on a table the migrations create without an owner', async () => {
    await write('src/database/migrations/2-more.ts', 'export const up = `CREATE TABLE sprockets (id int)`;\n');
    const { code, output } = await check();
    expect(code).toBe(1);
    expect(output).toContain('table "sprockets" has no owner');
  });
});
