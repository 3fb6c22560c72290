import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import {
  describeVariables,
  templateVariables,
  templateVariablesMarkdown,
  TEMPLATE_VARIABLES_END,
  TEMPLATE_VARIABLES_START,
} from './template-variables.js';

describe('template variables', () => {
  it.each([
    [{ a: 1, b: 'x' }, 'a, b'],
    [{ user: { name: 'x', groups: ['g'] } }, 'user (name, groups[])'],
    [{ links: [{ name: 'x', url: 'y' }] }, 'links[] (name, url)'],
    [{ gone: null }, 'gone'],
  ])('describes %j as %s', (variables, expected) => {
    expect(describeVariables(variables)).toBe(expected);
  });

  it('lists what the page views really give each template', () => {
    expect(templateVariables('login')).toContain('providerForm (action, params[] (name, value))');
    expect(templateVariables('error')).toContain('detail');
    expect(templateVariables('home')).toContain('user (username, displayName, email, groups[], name)');
  });

  it('are the ones docs/look-and-feel.md lists (regenerate the block between its markers from templateVariablesMarkdown())', () => {
    const docs = readFileSync(new URL('../../../docs/look-and-feel.md', import.meta.url), 'utf8');
    const block = docs.slice(docs.indexOf(TEMPLATE_VARIABLES_START), docs.indexOf(TEMPLATE_VARIABLES_END) + TEMPLATE_VARIABLES_END.length);
    expect(block).toBe(templateVariablesMarkdown());
  });
});
