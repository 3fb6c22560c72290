export { ProviderModule } from './provider.module.js';
export { ProviderService, type ProviderInput, type ProviderWithSecret } from './application/provider.service.js';
export { readProviderDocument } from './http/provider.document.js';
export { ProviderSecretsReseal } from './application/provider-secrets-reseal.js';
export { OidcClients } from './application/oidc-clients.js';
export { providerFetch } from './application/provider-fetch.js';
export { TestConfigurationService, type TestResult } from './application/test-configuration.service.js';
export {
  classifyProviderError,
  diagnoseProviderError,
  type ClassifiedProviderError,
  type ProviderDiagnosis,
  type ProviderErrorKind,
} from './application/provider-errors.js';
export { PROVIDER_STEPS, providerHint, type ProviderStep } from './domain/provider-hint.js';
export type { Provider, ProviderEndpoints, ProviderKind, ProviderSettings } from './domain/provider.js';
export { scopesToRequest, type ResyncSettings } from './domain/resync-settings.js';
export { PRESETS, PRESET_NAMES, isMultiTenantEntraIssuer, type PresetName } from './domain/presets.js';
export type { PresetField } from './domain/preset-issuer.js';
export { ProviderDto } from './http/provider.dto.js';
