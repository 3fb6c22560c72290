import { PRESETS } from './presets.js';
import { RESERVED_AUTHORIZE_PARAMS, type ProviderSettings } from './provider.js';

/** What the rules read of a provider. */
export type ProviderFields = Pick<
  ProviderSettings,
  'kind' | 'preset' | 'issuer' | 'endpoints' | 'authorizeParams' | 'subjectAttribute' | 'scopes'
>;

export interface FieldProblem {
  readonly field: string;
  readonly reason: string;
}

/**
 * The rules a provider must satisfy before anything is fetched from it: which fields each kind
 * needs, the preset's issuer shape, URL schemes. (Network checks come after, in the service.)
 */
export function validateProvider(p: ProviderFields, allowInsecure: boolean): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const urlProblem = (field: string, value: string | undefined | null) => {
    if (value === undefined || value === null) return;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return problems.push({ field, reason: 'must be an absolute URL' });
    }
    if (url.protocol !== 'https:' && !(allowInsecure && url.protocol === 'http:')) {
      problems.push({ field, reason: 'must use https (SESAME_ALLOW_INSECURE_PROVIDERS=true permits http for development)' });
    } else if (url.username || url.password || url.hash) {
      problems.push({ field, reason: 'must not contain credentials or a fragment' });
    }
  };

  urlProblem('issuer', p.issuer);
  for (const [name, value] of Object.entries(p.endpoints)) urlProblem(`endpoints.${name}`, value);

  if (p.kind === 'oidc') {
    if (!p.issuer)
      problems.push({
        field: 'issuer',
        reason: 'is required for an oidc provider (discovery reads {issuer}/.well-known/openid-configuration)',
      });
    if (!p.scopes.includes('openid')) problems.push({ field: 'scopes', reason: 'must include "openid" for an oidc provider' });
  } else {
    for (const name of ['authorization', 'token', 'userinfo'] as const) {
      if (!p.endpoints[name]) problems.push({ field: `endpoints.${name}`, reason: 'is required for an oauth2 provider' });
    }
    if (!p.subjectAttribute)
      problems.push({
        field: 'subjectAttribute',
        reason: 'is required for an oauth2 provider (the userinfo field that never changes, e.g. "id")',
      });
  }

  const preset = PRESETS[p.preset];
  if (p.issuer && preset.issuerPattern && !preset.issuerPattern.test(p.issuer)) {
    problems.push({ field: 'issuer', reason: `does not look like a ${p.preset} issuer: expected ${preset.issuerHint}` });
  }
  for (const key of Object.keys(p.authorizeParams)) {
    if (RESERVED_AUTHORIZE_PARAMS.has(key))
      problems.push({ field: `authorizeParams.${key}`, reason: 'is set by Sesame and cannot be overridden' });
  }
  return problems;
}
