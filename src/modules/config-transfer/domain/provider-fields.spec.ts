import { describe, expect, it } from '@jest/globals';
import type { Provider } from '../../provider/index.js';
import { providerFields } from './provider-fields.js';

describe('providerFields: what a provider means in any instance (no id, no timestamp), as fresh copies', () => {
  const provider: Provider = {
    id: '5d0b8d4e-0000-4000-8000-000000000001',
    updatedAt: new Date('2026-01-01T00:00:00Z'),
    slug: 'okta',
    displayName: 'Okta',
    kind: 'oidc',
    preset: 'okta',
    issuer: 'https://acme.okta.com',
    endpoints: { endSession: 'https://acme.okta.com/logout' },
    clientId: 'sesame',
    scopes: ['openid', 'groups'],
    clientAuthMethod: 'client_secret_post',
    authorizeParams: { prompt: 'login' },
    subjectAttribute: 'sub',
    allowedTenants: ['t1'],
    trustEmail: true,
    logoutAtProvider: true,
    resync: { enabled: true, intervalSeconds: 60, maxPerMinute: 30 },
    buttonText: 'Staff',
    iconUrl: 'https://acme.example/icon.png',
    order: 3,
    enabled: false,
  };

  it('copies every setting and leaves out the id and the update time', () => {
    const { id: _id, updatedAt: _updatedAt, ...settings } = provider;
    expect(providerFields(provider)).toEqual(settings);
    expect(providerFields(provider)).not.toHaveProperty('id');
    expect(providerFields(provider)).not.toHaveProperty('updatedAt');
  });

  it.each(['endpoints', 'scopes', 'authorizeParams', 'allowedTenants', 'resync'] as const)(
    'gives %s as a copy, so editing the document never edits the provider',
    (field) => {
      const fields = providerFields(provider);
      expect(fields[field]).toEqual(provider[field]);
      expect(fields[field]).not.toBe(provider[field]);
    },
  );
});
