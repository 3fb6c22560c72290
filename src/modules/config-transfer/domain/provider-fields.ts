import type { Provider } from '../../provider/index.js';
import type { ProviderEntry } from './config-document.js';

/** Mutable copies: the provider service's input takes plain arrays. */
export type ProviderFields = Omit<
  ProviderEntry,
  'userMapping' | 'groupMapping' | 'sealedClientSecret' | 'scopes' | 'allowedTenants' | 'authorizeParams'
> & {
  scopes: string[];
  allowedTenants: string[];
  authorizeParams: Record<string, string>;
};

/** The settings of a provider that mean the same in any instance: no id, no timestamps, fresh copies. */
export function providerFields(provider: Omit<Provider, 'id' | 'updatedAt'>): ProviderFields {
  return {
    slug: provider.slug,
    displayName: provider.displayName,
    kind: provider.kind,
    preset: provider.preset,
    issuer: provider.issuer,
    endpoints: { ...provider.endpoints },
    clientId: provider.clientId,
    scopes: [...provider.scopes],
    clientAuthMethod: provider.clientAuthMethod,
    authorizeParams: { ...provider.authorizeParams },
    subjectAttribute: provider.subjectAttribute,
    allowedTenants: [...provider.allowedTenants],
    trustEmail: provider.trustEmail,
    logoutAtProvider: provider.logoutAtProvider,
    resync: { ...provider.resync },
    buttonText: provider.buttonText,
    iconUrl: provider.iconUrl,
    order: provider.order,
    enabled: provider.enabled,
  };
}
