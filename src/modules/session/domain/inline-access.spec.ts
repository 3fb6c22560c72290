import { describe, expect, it } from '@jest/globals';
import { inlineRefusal, type InlineAccessQuery } from './inline-access.js';

const alice = { email: 'Alice@Example.com', groupSet: new Set(['admins', 'developers']) };
const noEmail = { email: null, groupSet: new Set<string>() };

describe('inlineRefusal', () => {
  it.each<[InlineAccessQuery, typeof alice | typeof noEmail, RegExp | null]>([
    [{}, alice, null],
    [{ allowed_groups: '' }, alice, null],
    [{ allowed_groups: 'sales, Admins' }, alice, null],
    [{ allowed_groups: 'sales' }, alice, /members of sales/],
    [{ allowed_emails: 'bob@example.com,ALICE@example.com' }, alice, null],
    [{ allowed_emails: 'bob@example.com' }, alice, /list of people/],
    [{ allowed_emails: 'alice@example.com' }, noEmail, /list of people/],
    [{ allowed_email_domains: 'example.com' }, alice, null],
    [{ allowed_email_domains: '@EXAMPLE.COM' }, alice, null],
    [{ allowed_email_domains: 'ample.com' }, alice, /addresses at ample.com/],
    [{ allowed_email_domains: 'example.com.evil.io' }, alice, /addresses at/],
    [{ allowed_email_domains: 'example.com' }, noEmail, /addresses at/],
    // every parameter given must hold
    [{ allowed_groups: 'admins', allowed_email_domains: 'other.org' }, alice, /addresses at other.org/],
    [{ allowed_groups: 'sales', allowed_email_domains: 'example.com' }, alice, /members of sales/],
  ])('%j → %s', (query, who, refusal) => {
    const result = inlineRefusal(query, who);
    if (refusal === null) expect(result).toBeNull();
    else expect(result).toMatch(refusal);
  });
});
