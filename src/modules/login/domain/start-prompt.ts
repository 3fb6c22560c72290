/**
 * The `prompt` a start of SSO may ask the provider for (OpenID Connect Core §3.1.2.1): `login`
 * (ask for the credentials again, as the console does when a sign-in is too old for a change),
 * `select_account` and `consent`, or several of them separated by spaces. `none` is refused:
 * it asks the provider to answer with an error instead of a page, which the callback would show
 * as a failed sign-in, and it cannot be combined with the others anyway. Anything else is refused
 * too, so a mistyped value is not silently dropped by a provider that ignores it.
 */
export const START_PROMPTS = ['login', 'select_account', 'consent'] as const;
export type StartPrompt = (typeof START_PROMPTS)[number];

export type PromptParse = { ok: true; prompt: string | null } | { ok: false; field: 'prompt'; reason: string };

export function parseStartPrompt(raw: unknown): PromptParse {
  if (raw === undefined || raw === '') return { ok: true, prompt: null };
  const reason = `must be ${START_PROMPTS.join(', ')}, or several of them separated by spaces`;
  if (typeof raw !== 'string' || raw.length > 100) return { ok: false, field: 'prompt', reason };
  const values = raw.split(' ').filter((value) => value !== '');
  if (values.length === 0 || values.some((value) => !(START_PROMPTS as readonly string[]).includes(value))) {
    return { ok: false, field: 'prompt', reason };
  }
  return { ok: true, prompt: [...new Set(values)].join(' ') };
}
