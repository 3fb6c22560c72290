import { describe, expect, it } from '@jest/globals';
import { homeLinkProblems, linksFor } from './home-links.js';

const ok = { name: 'Wiki', url: 'https://wiki.example.com/', description: null, groups: [] };

describe('homeLinkProblems', () => {
  it.each([
    ['a plain https link', ok, []],
    ['http and a path, query and port', { ...ok, url: 'http://intranet.example:8080/a?b=c' }, []],
    ['javascript:', { ...ok, url: 'javascript:alert(1)' }, ['homeLinks[0].url']],
    ['data:', { ...ok, url: 'data:text/html,<script>1</script>' }, ['homeLinks[0].url']],
    ['a relative path', { ...ok, url: '/api/docs' }, ['homeLinks[0].url']],
    ['protocol-relative', { ...ok, url: '//evil.example/' }, ['homeLinks[0].url']],
    ['a space inside', { ...ok, url: 'https://wiki.example.com/a b' }, ['homeLinks[0].url']],
    ['a URL too long', { ...ok, url: `https://example.com/${'a'.repeat(2_000)}` }, ['homeLinks[0].url']],
    ['an empty name', { ...ok, name: '  ' }, ['homeLinks[0].name']],
    ['a name too long', { ...ok, name: 'n'.repeat(101) }, ['homeLinks[0].name']],
    ['a NUL in the name', { ...ok, name: 'Wi\0ki' }, ['homeLinks[0].name']],
    ['a description too long', { ...ok, description: 'd'.repeat(501) }, ['homeLinks[0].description']],
    ['an empty group', { ...ok, groups: ['staff', ''] }, ['homeLinks[0].groups']],
  ])('%s', (_, link, fields) => {
    expect(homeLinkProblems([link]).map((p) => p.field)).toEqual(fields);
  });

  it('refuses more than 100 links', () => {
    expect(homeLinkProblems(Array.from({ length: 101 }, () => ok)).map((p) => p.field)).toEqual(['homeLinks']);
  });
});

describe('linksFor', () => {
  const links = [
    { name: 'all', groups: [] },
    { name: 'devs', groups: ['Developers'] },
    { name: 'sales', groups: ['sales', 'admins'] },
  ];
  it.each([
    [[], ['all']],
    [['developers'], ['all', 'devs']],
    [['admins'], ['all', 'sales']],
    [
      ['developers', 'sales'],
      ['all', 'devs', 'sales'],
    ],
  ])('member of %j sees %j', (groups, names) => {
    expect(linksFor(links, new Set(groups)).map((l) => l.name)).toEqual(names);
  });
});
