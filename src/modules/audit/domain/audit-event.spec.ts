import { describe, expect, it } from '@jest/globals';
import { AUDIT_EVENT_TYPES, AUDIT_OUTCOMES, describeActor, type AuditActor } from './audit-event.js';

describe('describeActor: who made an admin change, as the audit log names them', () => {
  it.each<[AuditActor | undefined, string | null]>([
    [{ kind: 'token', tokenId: '7f3c', name: 'ci' }, 'api-token:ci (7f3c)'],
    [{ kind: 'token', tokenId: 'a1', name: 'SESAME_ADMIN_TOKEN' }, 'api-token:SESAME_ADMIN_TOKEN (a1)'],
    // a person signed in to the console
    [{ kind: 'session', userId: 'u-42', name: 'alice' }, 'user:alice (u-42)'],
    // nobody behind the change
    [undefined, null],
  ])('%j → %s', (actor, expected) => {
    expect(describeActor(actor)).toBe(expected);
  });
});

describe('the audit log’s vocabulary (the API filters by it, and stored events use it)', () => {
  it('has these event types and outcomes', () => {
    expect(AUDIT_EVENT_TYPES).toEqual([
      'login',
      'logout',
      'backdoor_login',
      'admin_change',
      'session_revoked',
      'config_export',
      'scim',
      'resync',
    ]);
    expect(AUDIT_OUTCOMES).toEqual(['success', 'failure']);
  });
});
