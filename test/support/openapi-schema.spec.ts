import { describe, expect, it } from '@jest/globals';
import { looseness, schemaProblems, type SchemaDocument, type SchemaObject } from './openapi-schema.js';

const document: SchemaDocument = {
  components: {
    schemas: {
      Rule: {
        type: 'object',
        properties: { name: { type: 'string' }, rule: { type: 'string', nullable: true }, key: { type: 'string', writeOnly: true } },
        required: ['name'],
      },
      Yes: { type: 'object', properties: { ok: { type: 'boolean', enum: [true] }, id: { type: 'string' } }, required: ['ok', 'id'] },
      No: { type: 'object', properties: { ok: { type: 'boolean', enum: [false] }, message: { type: 'string' } }, required: ['ok'] },
    },
  },
};
const ref = (name: string): SchemaObject => ({ $ref: `#/components/schemas/${name}` });
const choice: SchemaObject = { oneOf: [ref('Yes'), ref('No')] };
const map: SchemaObject = { type: 'object', additionalProperties: { type: 'integer' } };

describe('schemaProblems', () => {
  it.each<[string, SchemaObject, unknown, string[]]>([
    ['a described object', ref('Rule'), { name: 'a', rule: null }, []],
    ['a missing required member', ref('Rule'), { rule: 'x' }, ['$.name: required, but missing']],
    ['an undescribed member', ref('Rule'), { name: 'a', extra: 1 }, ['$.extra: not described by the schema']],
    ['a write-only member in an answer', ref('Rule'), { name: 'a', key: 's' }, ['$.key: write-only, but in an answer']],
    ['null where not nullable', ref('Rule'), { name: null }, ['$.name: null, but not nullable']],
    ['a wrong type', { type: 'array', items: { type: 'string' } }, ['a', 2], ['$[1]: a number, but the schema says string']],
    ['a number that is not an integer', map, { a: 1.5 }, ['$.a: 1.5 is not an integer']],
    ['the first of a oneOf', choice, { ok: true, id: 'p' }, []],
    ['the second of a oneOf', choice, { ok: false, message: 'm' }, []],
    ['none of a oneOf', choice, { ok: true }, ['$: fits 0 of the 2 oneOf schemas, not exactly one']],
    ['a value outside an enum', { type: 'string', enum: ['a'] }, 'b', ['$: "b" is not one of ["a"]']],
    ['a nullable reference (allOf)', { allOf: [ref('Rule')], nullable: true }, null, []],
  ])('%s', (_, schema, value, problems) => {
    expect(schemaProblems(document, schema, value)).toEqual(problems);
  });
});

describe('looseness', () => {
  it.each<[string, SchemaObject | undefined, string[]]>([
    ['no schema', undefined, ['$: no schema']],
    ['an object with nothing described', { type: 'object' }, ['$: an object with nothing described']],
    ['a member without a type', { type: 'object', properties: { x: {} } }, ['$.x: no type']],
    ['an untyped array item', { type: 'array', items: {} }, ['$[]: no type']],
    ['a map of integers', map, []],
    ['references, each walked', choice, []],
  ])('%s', (_, schema, reasons) => {
    expect(looseness(document, schema)).toEqual(reasons);
  });
});
