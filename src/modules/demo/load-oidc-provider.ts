/* eslint-disable no-console -- this file holds back one line that oidc-provider writes to the console. */
type OidcProviderModule = typeof import('oidc-provider');

const RUNTIME_WARNING = 'oidc-provider WARNING: Unsupported runtime';
let loading: Promise<OidcProviderModule> | undefined;

/**
 * Loads oidc-provider for the demo and test identity provider. On first evaluation oidc-provider 9
 * warns "Unsupported runtime" on every Node.js line older than 22 (its package declares no engines,
 * and no release of major 9 accepts 20). Sesame runs it on Node.js 20 only as that loopback demo
 * provider, which its own tests exercise there; to a newcomer the line reads as "the quick start is
 * broken". Only that one line is held back, and only while the module evaluates.
 */
export function loadOidcProvider(): Promise<OidcProviderModule> {
  loading ??= (async () => {
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].includes(RUNTIME_WARNING)) return;
      warn.apply(console, args);
    };
    try {
      return await import('oidc-provider');
    } finally {
      console.warn = warn;
    }
  })();
  return loading;
}
