import type { ProviderSettings } from '../../provider/index.js';

/** A provider's settings as the export writes them and the import reads them back. */
export type ProviderFields = ProviderSettings;

/** The settings of a provider that mean the same in any instance: no id, no timestamps, fresh copies. */
export function providerFields(provider: ProviderSettings): ProviderFields {
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
