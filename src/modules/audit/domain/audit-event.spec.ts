import { describe, expect, it } from '@jest/globals';
import { AUDIT_EVENT_TYPES, AUDIT_OUTCOMES, describeActor } from './audit-event.js';

describe('describeActor: who made an admin change, as the audit log names them', () => {
  it.each([
    [{ tokenId: '7f3c', name: 'ci' }, 'api-token:ci (7f3c)'],
    [{ tokenId: 'a1', name: 'SESAME_ADMIN_TOKEN' }, 'api-token:SESAME_ADMIN_TOKEN (a1)'],
    // no API token behind the change
    [undefined, null],
  ])('%j → %s', (actor, expected) => {
    expect(describeActor(actor)).toBe(expected);
  });
});

describe('the audit log’s vocabulary (the API filters by it, and stored events use it)', () => {
  it('has these event types and outcomes', () => {
    expect(AUDIT_EVENT_TYPES).toEqual(['login', 'logout', 'backdoor_login', 'admin_change', 'session_revoked', 'config_export']);
    expect(AUDIT_OUTCOMES).toEqual(['success', 'failure']);
  });
});
