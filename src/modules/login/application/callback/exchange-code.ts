// Code exchange and ID token validation, then userinfo whose sub must match (openid-client, never by hand).
import { required, type CallbackStep } from './callback-context.js';

export const exchangeCode: CallbackStep = async (ctx, { exchange }) => {
  ctx.identity = await exchange.verify(required(ctx.entry, 'entry'), required(ctx.transaction, 'transaction'), ctx.request.query);
};
