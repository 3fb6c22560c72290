// The provider named in the callback's path, or SSO_PROVIDER_UNKNOWN.
import { DomainError } from '../../../../common/domain-error.js';
import type { CallbackStep } from './callback-context.js';

export const findProvider: CallbackStep = async (ctx, { providers }) => {
  const { slug } = ctx.request;
  const entry = /^[a-z0-9-]{2,40}$/.test(slug) ? await providers.findBySlug(slug) : null;
  if (!entry) throw new DomainError('SSO_PROVIDER_UNKNOWN', 'There is no identity provider here by that name.');
  ctx.entry = entry;
};
