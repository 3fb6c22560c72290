/**
 * Checks a JSON value against a schema of Sesame's OpenAPI 3.0 document, for the contract test:
 * the subset @nestjs/swagger writes ($ref, oneOf/allOf/anyOf, nullable, enum, the JSON types,
 * properties, required, additionalProperties, items, writeOnly). Stricter than JSON Schema in
 * one way, on purpose: an object schema with `properties` and no `additionalProperties` admits
 * no other member, so a member an answer carries but the document does not describe is found.
 */
export interface SchemaObject {
  readonly $ref?: string;
  readonly type?: string;
  readonly nullable?: boolean;
  readonly enum?: readonly unknown[];
  readonly oneOf?: readonly SchemaObject[];
  readonly anyOf?: readonly SchemaObject[];
  readonly allOf?: readonly SchemaObject[];
  readonly properties?: Readonly<Record<string, SchemaObject>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | SchemaObject;
  readonly items?: SchemaObject;
  readonly writeOnly?: boolean;
}

export interface SchemaDocument {
  readonly components: { readonly schemas?: Readonly<Record<string, SchemaObject>> };
}

/** Where `value` does not fit `schema`: one line per problem, each naming its JSON path. */
export function schemaProblems(document: SchemaDocument, schema: SchemaObject, value: unknown, at = '$'): string[] {
  const s = resolve(document, schema);
  if (value === null) return s.nullable || s.type === undefined ? [] : [`${at}: null, but not nullable`];
  if (s.enum && !s.enum.includes(value)) return [`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}`];
  if (s.oneOf) {
    const fitting = s.oneOf.filter((branch) => schemaProblems(document, branch, value, at).length === 0).length;
    if (fitting !== 1) return [`${at}: fits ${fitting} of the ${s.oneOf.length} oneOf schemas, not exactly one`];
  }
  if (s.anyOf && s.anyOf.every((branch) => schemaProblems(document, branch, value, at).length > 0)) {
    return [`${at}: fits none of the anyOf schemas`];
  }
  if (s.allOf) return s.allOf.flatMap((part) => schemaProblems(document, { ...part, nullable: s.nullable }, value, at));
  const typeProblem = wrongType(s.type, value);
  if (typeProblem) return [`${at}: ${typeProblem}`];
  if (Array.isArray(value)) return s.items ? value.flatMap((item, i) => schemaProblems(document, s.items!, item, `${at}[${i}]`)) : [];
  if (typeof value === 'object' && s.type === 'object') return objectProblems(document, s, value as Record<string, unknown>, at);
  return [];
}

function objectProblems(document: SchemaDocument, s: SchemaObject, value: Record<string, unknown>, at: string): string[] {
  const properties = s.properties ?? {};
  const problems = (s.required ?? []).filter((name) => !(name in value)).map((name) => `${at}.${name}: required, but missing`);
  for (const [name, member] of Object.entries(value)) {
    const property = properties[name];
    if (property) {
      if (resolve(document, property).writeOnly) problems.push(`${at}.${name}: write-only, but in an answer`);
      else problems.push(...schemaProblems(document, property, member, `${at}.${name}`));
    } else if (typeof s.additionalProperties === 'object') {
      problems.push(...schemaProblems(document, s.additionalProperties, member, `${at}.${name}`));
    } else if (s.additionalProperties !== true && s.properties) {
      problems.push(`${at}.${name}: not described by the schema`);
    }
  }
  return problems;
}

function wrongType(type: string | undefined, value: unknown): string | null {
  const actual = Array.isArray(value) ? 'array' : typeof value;
  switch (type) {
    case undefined:
      return null;
    case 'integer':
      return Number.isInteger(value) ? null : `${JSON.stringify(value)} is not an integer`;
    case 'number':
    case 'string':
    case 'boolean':
    case 'array':
    case 'object':
      return actual === type ? null : `a ${actual}, but the schema says ${type}`;
    default:
      return `unknown schema type ${type}`;
  }
}

function resolve(document: SchemaDocument, schema: SchemaObject): SchemaObject {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  const target = document.components.schemas?.[name];
  if (!target) throw new Error(`The document has no schema ${schema.$ref}`);
  return resolve(document, target);
}

/**
 * Why a schema lets anything through, or null: no schema, or an object with neither
 * `properties` nor `additionalProperties` (what a TypeScript `Record` or `object` turns into),
 * or a member with no type at all. Walks referenced schemas once each.
 */
export function looseness(document: SchemaDocument, schema: SchemaObject | undefined, at = '$', seen = new Set<string>()): string[] {
  if (!schema) return [`${at}: no schema`];
  if (schema.$ref) {
    if (seen.has(schema.$ref)) return [];
    seen.add(schema.$ref);
    return looseness(document, resolve(document, schema), schema.$ref.replace('#/components/schemas/', ''), seen);
  }
  const parts = [...(schema.oneOf ?? []), ...(schema.anyOf ?? []), ...(schema.allOf ?? [])];
  if (parts.length > 0) return parts.flatMap((part, i) => looseness(document, part, `${at}|${i}`, seen));
  if (schema.type === undefined && schema.enum === undefined) return [`${at}: no type`];
  if (schema.type === 'array') return looseness(document, schema.items, `${at}[]`, seen);
  if (schema.type !== 'object') return [];
  if (!schema.properties && schema.additionalProperties === undefined) return [`${at}: an object with nothing described`];
  const members = Object.entries(schema.properties ?? {}).flatMap(([name, member]) => looseness(document, member, `${at}.${name}`, seen));
  const extra = typeof schema.additionalProperties === 'object' ? looseness(document, schema.additionalProperties, `${at}{}`, seen) : [];
  return [...members, ...extra];
}
