import { useEffect, useState } from 'preact/hooks';
import { api, must } from '../api.js';
import { Failure, SaveDocument, Section, Text, useDocument } from '../ui.js';

type Page = 'login' | 'logout' | 'error';
const TEMPLATE_KEY = { login: 'loginTemplate', logout: 'logoutTemplate', error: 'errorTemplate' } as const;

/** Button text, the page templates with a live preview, error messages, post-logout URL. */
export function LookAndFeel() {
  const doc = useDocument(
    () => must(api.GET('/api/admin/look-and-feel')),
    (body) => must(api.PUT('/api/admin/look-and-feel', { body })),
  );
  const [page, setPage] = useState<Page>('login');
  const [html, setHtml] = useState('');
  const [previewError, setPreviewError] = useState<string | null>(null);
  const s = doc.value;
  const template = s ? (s[TEMPLATE_KEY[page]] ?? null) : null;
  useEffect(() => {
    if (!s) return;
    const timer = setTimeout(() => {
      must(api.POST('/api/admin/look-and-feel/preview', { body: { page, template } })).then(
        (answer) => {
          setHtml(answer.html);
          setPreviewError(null);
        },
        (e: unknown) => setPreviewError(e instanceof Error ? e.message : String(e)),
      );
    }, 300);
    return () => clearTimeout(timer);
  }, [page, template, s === null]);
  if (!s) return <Failure error={doc.error} />;
  const set = doc.set;
  const messages = Object.entries(s.errorMessages ?? {});
  const lines = (template ?? '').split('\n').length;
  return (
    <>
      <Section title="Login button and logout">
        <Text
          label="Login button text"
          hint="{{ provider }} is the provider's name"
          value={s.loginButtonText}
          onInput={(v) => set({ loginButtonText: v })}
        />
        <Text
          label="Post-logout URL"
          hint="Where people go after signing out (empty: the logout page)"
          value={s.postLogoutUrl ?? ''}
          onInput={(v) => set({ postLogoutUrl: v || null })}
        />
      </Section>
      <Section title="Templates" hint="LiquidJS; Sesame escapes every value it prints. Empty: the built-in page.">
        <div class="tabs-inline" role="group" aria-label="Template">
          {(['login', 'logout', 'error'] as const).map((p) => (
            <button type="button" key={p} aria-pressed={p === page} onClick={() => setPage(p)}>
              {p} page
            </button>
          ))}
        </div>
        <div class="editor">
          <div class="gutter" aria-hidden="true">
            {Array.from({ length: lines }, (_, i) => `${i + 1}\n`).join('')}
          </div>
          <textarea
            aria-label={`${page} page template`}
            spellcheck={false}
            rows={16}
            value={template ?? ''}
            onInput={(e) => set({ [TEMPLATE_KEY[page]]: e.currentTarget.value || null })}
          />
        </div>
        {previewError ? (
          <p class="outcome error" role="alert">
            {previewError}
          </p>
        ) : null}
        <iframe title={`Preview of the ${page} page`} sandbox="" srcdoc={html} class="preview-frame" />
      </Section>
      <Section title="Error messages" hint="Shown on the error page instead of Sesame's text for that code.">
        {messages.map(([code, text]) => (
          <Text key={code} label={code} value={text} onInput={(v) => set({ errorMessages: { ...s.errorMessages, [code]: v } })} />
        ))}
        <Text
          label="Add a message for code"
          placeholder="SSO_ACCESS_DENIED"
          value=""
          onInput={(v) => v.length > 3 && /^[A-Z_]+$/.test(v) && set({ errorMessages: { ...s.errorMessages, [v]: '' } })}
        />
        <SaveDocument doc={doc} />
      </Section>
    </>
  );
}
