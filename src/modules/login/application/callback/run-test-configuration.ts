// Test Configuration: every attribute and what a login would do, saved for the admin; nobody signed in, nothing written.
import { flattenClaims } from '../../../../common/claims.js';
import { DomainError } from '../../../../common/domain-error.js';
import type { TestResult } from '../../../provider/index.js';
import type { MappingPreview } from '../describe-plan.js';
import { required, type CallbackStep } from './callback-context.js';

export const runTestConfiguration: CallbackStep = async (ctx, services) => {
  const transaction = required(ctx.transaction, 'transaction');
  if (transaction.mode !== 'test') return;
  const { provider } = required(ctx.entry, 'entry');
  let result: TestResult<MappingPreview | null>;
  try {
    const identity = await services.exchange.verify(required(ctx.entry, 'entry'), transaction, ctx.request.query);
    result = {
      ok: true,
      testedAt: new Date().toISOString(),
      claims: { idToken: identity.idTokenClaims, userinfo: identity.userinfo },
      attributes: flattenClaims(identity.claims),
      error: null,
      preview: await services.preview(provider.id, identity.claims),
    };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const diagnosis = diagnosisOf(error);
    result = {
      ok: false,
      testedAt: new Date().toISOString(),
      claims: { idToken: null, userinfo: null },
      attributes: [],
      error: { code: error.code, message: error.message, ...diagnosis },
      preview: null,
    };
    services.logger.warn(
      { event: 'test-configuration', outcome: 'failure', code: error.code, provider: provider.slug, ...diagnosis },
      'test configuration failed',
    );
  }
  await services.tests.saveResult(provider.id, result);
  ctx.outcome = { kind: 'test', result, slug: provider.slug, displayName: provider.displayName };
};

/** The diagnosis fields a provider failure carries (step, the provider's error and description, hint), or nulls. */
export function diagnosisOf(error: DomainError) {
  const field = (name: string) => (typeof error.details?.[name] === 'string' ? error.details[name] : null);
  return { step: field('step'), error: field('error'), error_description: field('error_description'), hint: field('hint') };
}
