import { describe, expect, it } from '@jest/globals';
import { HOME_LINK_LIMITS, homeLinkProblems, linksFor, type HomeLinkInput } from './home-links.js';

const ok = { name: 'Wiki', url: 'https://wiki.example.com/', description: null, groups: [] };
const urlOf = (length: number) => `https://example.com/${'a'.repeat(length - 'https://example.com/'.length)}`;
const controlChars = 'must not contain control characters';
const groupRule = 'each group is a name of 1 to 200 characters';
const badUrl = 'must be an absolute http:// or https:// URL';

describe('homeLinkProblems', () => {
  // Each case at its limit and one past it, with the reason a person reads in the console.
  it.each<[string, HomeLinkInput, string[]]>([
    ['a plain https link', ok, []],
    ['http and a path, query and port', { ...ok, url: 'http://intranet.example:8080/a?b=c' }, []],
    ['HTTPS in capitals', { ...ok, url: 'HTTPS://WIKI.EXAMPLE.COM/' }, []],
    ['javascript:', { ...ok, url: 'javascript:alert(1)' }, [`url: ${badUrl}`]],
    ['data:', { ...ok, url: 'data:text/html,<script>1</script>' }, [`url: ${badUrl}`]],
    ['ftp:', { ...ok, url: 'ftp://files.example.com/' }, [`url: ${badUrl}`]],
    ['file: without a host', { ...ok, url: 'file:///etc/passwd' }, [`url: ${badUrl}`]],
    ['https: without a host', { ...ok, url: 'https:' }, [`url: ${badUrl}`]],
    ['a relative path', { ...ok, url: '/api/docs' }, [`url: ${badUrl}`]],
    ['protocol-relative', { ...ok, url: '//evil.example/' }, [`url: ${badUrl}`]],
    ['a space inside', { ...ok, url: 'https://wiki.example.com/a b' }, [`url: ${badUrl}`]],
    ['a tab inside', { ...ok, url: 'https://wiki.exa\tmple.com/' }, [`url: ${badUrl}`]],
    ['a DEL inside', { ...ok, url: 'https://wiki.example.com/\x7f' }, [`url: ${badUrl}`]],
    ['a backslash inside', { ...ok, url: 'https:\\\\evil.example/' }, [`url: ${badUrl}`]],
    ['a URL of 2000 characters', { ...ok, url: urlOf(2_000) }, []],
    ['a URL of 2001 characters', { ...ok, url: urlOf(2_001) }, ['url: at most 2000 characters']],
    ['an empty name', { ...ok, name: '  ' }, ['name: is required']],
    ['a name of 100 characters', { ...ok, name: ` ${'n'.repeat(100)} ` }, []],
    ['a name of 101 characters', { ...ok, name: 'n'.repeat(101) }, ['name: at most 100 characters']],
    ['a NUL in the name', { ...ok, name: 'Wi\0ki' }, [`name: ${controlChars}`]],
    ['a DEL in the name', { ...ok, name: 'Wi\x7fki' }, [`name: ${controlChars}`]],
    ['a description of 500 characters', { ...ok, description: 'd'.repeat(500) }, []],
    ['a description of 501 characters', { ...ok, description: 'd'.repeat(501) }, ['description: at most 500 characters']],
    ['a description with lines and tabs', { ...ok, description: 'one\n\ttwo' }, []],
    ['a NUL in the description', { ...ok, description: 'a\0b' }, [`description: ${controlChars}`]],
    ['a carriage return in the description', { ...ok, description: 'a\rb' }, [`description: ${controlChars}`]],
    ['no description', { name: 'Wiki', url: 'https://wiki.example.com/' }, []],
    ['50 groups', { ...ok, groups: Array.from({ length: 50 }, (_, i) => `g${i}`) }, []],
    ['51 groups', { ...ok, groups: Array.from({ length: 51 }, (_, i) => `g${i}`) }, ['groups: at most 50 groups']],
    ['an empty group', { ...ok, groups: ['staff', ''] }, [`groups: ${groupRule}`]],
    ['a blank group', { ...ok, groups: ['   '] }, [`groups: ${groupRule}`]],
    ['a group of 200 characters', { ...ok, groups: ['g'.repeat(200)] }, []],
    ['a group of 201 characters', { ...ok, groups: ['g'.repeat(201)] }, [`groups: ${groupRule}`]],
    ['a NUL in a group', { ...ok, groups: ['st\0aff'] }, [`groups: ${groupRule}`]],
    [
      'every field wrong at once',
      { name: '', url: 'mailto:a@example.com', description: 'x'.repeat(501), groups: [''] },
      ['name: is required', `url: ${badUrl}`, 'description: at most 500 characters', `groups: ${groupRule}`],
    ],
  ])('%s', (_, link, problems) => {
    expect(homeLinkProblems([link]).map((p) => `${p.field.replace('homeLinks[0].', '')}: ${p.reason}`)).toEqual(problems);
  });

  it('names the link by its position', () => {
    expect(homeLinkProblems([ok, { ...ok, name: '' }])).toEqual([{ field: 'homeLinks[1].name', reason: 'is required' }]);
  });

  it.each([
    [HOME_LINK_LIMITS.links, []],
    [HOME_LINK_LIMITS.links + 1, [{ field: 'homeLinks', reason: 'at most 100 links' }]],
  ])('%i links give %j', (count, problems) => {
    expect(homeLinkProblems(Array.from({ length: count }, () => ok))).toEqual(problems);
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
