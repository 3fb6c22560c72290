// Each table has one owner: only the module that owns a table may name it in SQL. Other modules
// call what the owner's index.ts exports, or read a view the owner publishes. The owners are
// declared in src/database/table-owners.json; every table and view the migrations create must
// be declared there, and every TypeORM entity must live in its table's owner. Inside its owner, SQL
// lives only in the module's infrastructure/ repositories, so services keep the decisions and the
// statements can be read (and optimised) in one place per table.
// Usage: node scripts/check-table-owners.mjs [root]   (exit 1 on any breach)
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';

const root = process.argv[2] ?? process.cwd();
const { tables, publishedViews } = JSON.parse(readFileSync(join(root, 'src/database/table-owners.json'), 'utf8'));
const problems = [];

/** A table (or view) named where SQL expects one: after FROM, JOIN, INTO, UPDATE, USING or TABLE (keywords upper-case, as Sesame writes SQL). */
const TABLE_REFERENCE = /\b(?:FROM|JOIN|INTO|UPDATE|USING|TABLE|VIEW)\s+(?:ONLY\s+)?"?([a-z_][a-z0-9_]*)"?/g;

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Every string and template literal of a file, with the line it starts on; a template's `${…}` parts become a space. */
function literals(path) {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const found = [];
  const visit = (node) => {
    let text = null;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) text = node.text;
    else if (ts.isTemplateExpression(node)) text = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' ');
    if (text !== null) found.push({ text, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

// 1. Every table and view the migrations create has a declared owner.
const migrationsDir = join(root, 'src/database/migrations');
for (const path of filesUnder(migrationsDir)) {
  for (const { text } of literals(path)) {
    for (const match of text.matchAll(/\bCREATE\s+(TABLE|VIEW)\s+(?:IF NOT EXISTS\s+)?([a-z_][a-z0-9_]*)/g)) {
      const [, kind, name] = match;
      if (!(name in tables) && !(name in publishedViews)) {
        problems.push(`${relative(root, path)}: ${kind.toLowerCase()} "${name}" has no owner in src/database/table-owners.json`);
      }
    }
  }
}

// 2. SQL in a module names only its own tables, or views another module publishes.
const modulesDir = join(root, 'src/modules');
for (const module of readdirSync(modulesDir).filter((name) => statSync(join(modulesDir, name)).isDirectory())) {
  for (const path of filesUnder(join(modulesDir, module))) {
    const file = relative(root, path);
    const text = readFileSync(path, 'utf8');
    for (const entity of text.matchAll(/@Entity\(\s*['"]([a-z_0-9]+)['"]/g)) {
      const owner = tables[entity[1]];
      if (owner !== module)
        problems.push(`${file}: entity of table "${entity[1]}" belongs in module ${owner ?? '(none declared)'}, not ${module}`);
    }
    const inInfrastructure = relative(join(modulesDir, module), path).split(sep).includes('infrastructure');
    for (const { text: literal, line } of literals(path)) {
      for (const [, name] of literal.matchAll(TABLE_REFERENCE)) {
        const owner = tables[name];
        if (owner !== undefined && owner !== module) {
          problems.push(
            `${file}:${line}: SQL names table "${name}", owned by module ${owner}; call what src/modules/${owner}/index.ts exports (or a view it publishes) instead`,
          );
        } else if (!inInfrastructure && (owner !== undefined || name in publishedViews)) {
          problems.push(
            `${file}:${line}: SQL on "${name}" outside an infrastructure/ folder; move it into a repository in src/modules/${module}/infrastructure/`,
          );
          break;
        }
      }
    }
  }
}

if (problems.length > 0) {
  console.error(`table ownership: ${problems.length} breach(es)\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log("table ownership: every SQL statement in src/modules names only its own module's tables, from its infrastructure/ folder");
