// State and browser binding: the login transaction this browser began at this provider, used once.
import { DomainError } from '../../../../common/domain-error.js';
import { required, type CallbackStep } from './callback-context.js';

export const checkState: CallbackStep = async (ctx, { transactions }) => {
  const entry = required(ctx.entry, 'entry');
  const { state, binding } = ctx.request;
  const transaction = state ? await transactions.consume(state, binding) : null;
  // A transaction begun at another provider and delivered here is a mix-up attack: refused like a forged one.
  if (!transaction || transaction.providerId !== entry.provider.id) {
    throw new DomainError(
      'SSO_STATE_INVALID',
      'This sign-in link is not valid here: it was used already, expired, or began in another browser.',
    );
  }
  ctx.transaction = transaction;
};
