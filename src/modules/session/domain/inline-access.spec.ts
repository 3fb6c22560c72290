import { describe, expect, it } from '@jest/globals';
import { inlineRefusal, type InlineAccessQuery } from './inline-access.js';

const alice = { email: 'Alice@Example.com', groupSet: new Set(['admins', 'developers']) };
const noEmail = { email: null, groupSet: new Set<string>() };
const people = 'This page is open only to a list of people that does not include you.';

describe('inlineRefusal', () => {
  it.each<[InlineAccessQuery, typeof alice | typeof noEmail, string | null]>([
    [{}, alice, null],
    [{ allowed_groups: '' }, alice, null],
    [{ allowed_groups: 'sales, Admins' }, alice, null],
    [{ allowed_groups: 'sales' }, alice, 'This page is open only to members of sales.'],
    [{ allowed_groups: ' Sales ,, ops ' }, alice, 'This page is open only to members of sales, ops.'],
    [{ allowed_groups: ' , ' }, alice, null],
    [{ allowed_emails: 'bob@example.com,ALICE@example.com' }, alice, null],
    [{ allowed_emails: 'bob@example.com' }, alice, people],
    [{ allowed_emails: '' }, noEmail, null],
    [{ allowed_emails: 'alice@example.com' }, noEmail, people],
    [{ allowed_email_domains: 'example.com' }, alice, null],
    [{ allowed_email_domains: '@EXAMPLE.COM' }, alice, null],
    [{ allowed_email_domains: 'ample.com' }, alice, 'This page is open only to addresses at ample.com.'],
    // Only a leading @ is dropped: an address is not a domain.
    [{ allowed_email_domains: 'alice@example.com' }, alice, 'This page is open only to addresses at alice@example.com.'],
    [{ allowed_email_domains: 'a.org, @B.org' }, alice, 'This page is open only to addresses at a.org, b.org.'],
    [{ allowed_email_domains: 'example.com' }, { ...alice, email: 'alice@sub@example.com' }, null],
    [{ allowed_email_domains: 'sub' }, { ...alice, email: 'alice@sub@example.com' }, 'This page is open only to addresses at sub.'],
    [{ allowed_email_domains: 'example.com.evil.io' }, alice, 'This page is open only to addresses at example.com.evil.io.'],
    [{ allowed_email_domains: 'example.com' }, noEmail, 'This page is open only to addresses at example.com.'],
    [{ allowed_email_domains: '' }, noEmail, null],
    // every parameter given must hold
    [{ allowed_groups: 'admins', allowed_email_domains: 'other.org' }, alice, 'This page is open only to addresses at other.org.'],
    [{ allowed_groups: 'sales', allowed_email_domains: 'example.com' }, alice, 'This page is open only to members of sales.'],
    [{ allowed_emails: 'bob@example.com', allowed_email_domains: 'other.org' }, alice, people],
  ])('%j → %s', (query, who, refusal) => {
    expect(inlineRefusal(query, who)).toBe(refusal);
  });
});
