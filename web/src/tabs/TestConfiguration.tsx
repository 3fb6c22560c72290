import { useState } from 'preact/hooks';
import { api, must, readOnly } from '../api.js';
import type { TabProps } from '../main.js';
import { Outcome, Section, useAction, useLoad } from '../ui.js';
import { PROFILE_FIELDS } from './mapping-fields.js';
import { MappingPreview } from './MappingPreview.js';
import { ProviderPicker } from './ProviderPicker.js';

/** Test Configuration: sign in at the provider in a new window, then use what it sent. */
export function TestConfiguration(props: TabProps) {
  const id = props.provider?.id ?? '';
  const result = useLoad(
    async () => (id ? await must(api.GET('/api/admin/providers/{idOrSlug}/test-result', { params: { path: { idOrSlug: id } } })) : null),
    [id],
  );
  const action = useAction();
  const [waiting, setWaiting] = useState(false);
  const start = () =>
    action.run(async () => {
      const before = result.value?.testedAt ?? null;
      const link = await must(api.POST('/api/admin/providers/{idOrSlug}/test', { params: { path: { idOrSlug: id } } }));
      window.open(link.url, 'sesame-test', 'noopener');
      setWaiting(true);
      for (let i = 0; i < 120; i++) {
        await new Promise((r) => setTimeout(r, 1000));
        const next = await must(api.GET('/api/admin/providers/{idOrSlug}/test-result', { params: { path: { idOrSlug: id } } }));
        if (next && next.testedAt !== before) {
          result.setValue(next);
          break;
        }
      }
      setWaiting(false);
    }, 'Test finished.');
  const use = (field: string, path: string) =>
    action.run(
      async () => {
        const mapping = await must(api.GET('/api/admin/providers/{idOrSlug}/user-mapping', { params: { path: { idOrSlug: id } } }));
        await must(
          api.PUT('/api/admin/providers/{idOrSlug}/user-mapping', {
            params: { path: { idOrSlug: id } },
            body: { ...mapping, [field]: path },
          }),
        );
      },
      `Saved: ${path} is now the ${PROFILE_FIELDS.find(([f]) => f === field)?.[1]} attribute.`,
    );
  const useAsGroups = (path: string) =>
    action.run(async () => {
      const mapping = await must(api.GET('/api/admin/providers/{idOrSlug}/group-mapping', { params: { path: { idOrSlug: id } } }));
      await must(
        api.PUT('/api/admin/providers/{idOrSlug}/group-mapping', {
          params: { path: { idOrSlug: id } },
          body: { ...mapping, groupAttribute: path },
        }),
      );
    }, `Saved: ${path} is now the group attribute.`);
  const test = result.value;
  return (
    <>
      <ProviderPicker {...props} />
      <Section title="Test Configuration" hint="Opens the provider's login in a new window; the attributes it sends appear below.">
        <button type="button" class="primary" disabled={!id || readOnly() || waiting} onClick={() => void start()}>
          {waiting ? 'Waiting for the test login…' : 'Test Configuration'}
        </button>
        <Outcome {...action} />
      </Section>
      {test ? (
        <Section
          title={test.ok ? 'Attributes received' : 'The test login failed'}
          hint={`Tested ${new Date(test.testedAt).toLocaleString()}`}
        >
          {test.error ? (
            <p class="outcome error">
              {test.error.code}: {test.error.message} {test.error.hint}
            </p>
          ) : null}
          <div class="scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Attribute</th>
                  <th scope="col">Value</th>
                  <th scope="col">Use as</th>
                </tr>
              </thead>
              <tbody>
                {test.attributes.map((a) => (
                  <tr key={a.path}>
                    <td>
                      <code>{a.path}</code>
                    </td>
                    <td class="value">{a.value}</td>
                    <td class="actions">
                      {PROFILE_FIELDS.map(([field, label]) => (
                        <button
                          type="button"
                          key={field}
                          disabled={readOnly()}
                          aria-label={`Use ${a.path} as ${label}`}
                          onClick={() => void use(field, a.path)}
                        >
                          {label}
                        </button>
                      ))}
                      <button
                        type="button"
                        disabled={readOnly()}
                        aria-label={`Use ${a.path} as groups`}
                        onClick={() => void useAsGroups(a.path)}
                      >
                        groups
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>Mapping preview</h3>
          <p class="hint">What a login with these claims would do, and the rule that decided each outcome.</p>
          {/* A result stored by an older Sesame has no rules per outcome: the test must run again. */}
          {test.preview && 'signIn' in test.preview ? (
            <MappingPreview preview={test.preview} />
          ) : (
            <p>No preview: the test login failed before the mapping, or ran on an older Sesame (test again).</p>
          )}
        </Section>
      ) : result.error ? (
        <p role="alert">{result.error}</p>
      ) : (
        <p>No test yet for this provider.</p>
      )}
    </>
  );
}
