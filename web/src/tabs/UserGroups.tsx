import { api, must } from '../api.js';
import type { Schemas } from '../api.js';
import type { TabProps } from '../main.js';
import { Check, Choice, Failure, ListField, SaveDocument, Section, Text, useDocument } from '../ui.js';
import { GroupPicker } from './GroupPicker.js';
import { ProviderPicker } from './ProviderPicker.js';

type Rule = Schemas['ManualRuleDto'];
const empty = (): Rule => ({ localGroup: '', idpGroups: [] });

/** Default groups, the group attribute, manual rows (+, +10, −) or on-the-fly groups. */
export function UserGroups(props: TabProps) {
  const id = props.provider?.id ?? '';
  const path = { idOrSlug: id };
  const mapping = useDocument(
    async () => (id ? must(api.GET('/api/admin/providers/{idOrSlug}/group-mapping', { params: { path } })) : null),
    ({ danglingRules: _, ...body }) => {
      const rules = body.manual.rules.filter((r) => r.localGroup.trim() !== '');
      return must(
        api.PUT('/api/admin/providers/{idOrSlug}/group-mapping', {
          params: { path },
          body: { ...body, manual: { ...body.manual, rules } },
        }),
      );
    },
    [id],
  );
  const { value: m, set } = mapping;
  if (!m)
    return (
      <>
        <ProviderPicker {...props} />
        <Failure error={mapping.error} />
      </>
    );
  const rules = m.manual.rules;
  const setRules = (next: Rule[]) => set({ manual: { ...m.manual, rules: next } });
  const setRule = (i: number, patch: Partial<Rule>) => setRules(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <>
      <ProviderPicker {...props} />
      <Section title="Default groups">
        <ListField
          label="Default groups"
          hint="One local group per line"
          value={m.defaultGroups}
          onInput={(v) => set({ defaultGroups: v })}
        />
        <Choice
          label="Assign default groups to"
          value={m.assignDefaultGroupsTo}
          onChange={(v) => set({ assignDefaultGroupsTo: v })}
          options={
            [
              ['none', 'No users'],
              ['new', 'New users'],
              ['all', 'All users'],
            ] as const
          }
        />
        <ListField
          label="Allowed groups"
          hint="Only members of these provider groups may sign in (empty: everyone)"
          value={m.allowedGroups}
          onInput={(v) => set({ allowedGroups: v })}
        />
      </Section>
      <Section title="Group mapping">
        <Text
          label="Group attribute name"
          value={m.groupAttribute ?? ''}
          onInput={(v) => set({ groupAttribute: v || null })}
          hint="From Test Configuration, e.g. groups"
        />
        <Choice
          label="Mapping"
          value={m.mode}
          onChange={(v) => set({ mode: v })}
          options={
            [
              ['disabled', 'Do not map groups'],
              ['manual', 'Manual group mapping'],
              ['on-the-fly', 'On-the-fly group mapping'],
            ] as const
          }
        />
        <Check
          label="Update groups of existing users on login"
          checked={m.updateExistingUsers}
          onChange={(v) => set({ updateExistingUsers: v })}
        />
        {m.mode === 'manual' ? (
          <fieldset>
            <legend>Manual group mapping</legend>
            <Check
              label="Do not create users unless a group is mapped"
              checked={m.manual.requireMappedGroupForCreation}
              onChange={(v) => set({ manual: { ...m.manual, requireMappedGroupForCreation: v } })}
            />
            <ol class="rules" aria-label="Mapping rows">
              {rules.map((rule, i) => (
                <li key={i} class="rule">
                  <GroupPicker label={`Row ${i + 1}: local group`} value={rule.localGroup} onInput={(v) => setRule(i, { localGroup: v })} />
                  <Text
                    label={`Row ${i + 1}: provider groups`}
                    hint="Comma-separated"
                    value={(rule.idpGroups ?? []).join(', ')}
                    onInput={(v) =>
                      setRule(i, {
                        idpGroups: v
                          .split(',')
                          .map((s) => s.trim())
                          .filter(Boolean),
                      })
                    }
                  />
                  <button type="button" aria-label={`Remove row ${i + 1}`} onClick={() => setRules(rules.filter((_, j) => j !== i))}>
                    −
                  </button>
                </li>
              ))}
            </ol>
            <button type="button" aria-label="Add a row" onClick={() => setRules([...rules, empty()])}>
              +
            </button>
            <button type="button" aria-label="Add 10 rows" onClick={() => setRules([...rules, ...Array.from({ length: 10 }, empty)])}>
              +10
            </button>
          </fieldset>
        ) : null}
        {m.mode === 'on-the-fly' ? (
          <fieldset>
            <legend>On-the-fly group mapping</legend>
            <Check
              label="Create new groups"
              checked={m.onTheFly.createMissingGroups}
              onChange={(v) => set({ onTheFly: { ...m.onTheFly, createMissingGroups: v } })}
            />
            <Check
              label="Keep existing groups"
              checked={m.onTheFly.keepExistingGroups}
              onChange={(v) => set({ onTheFly: { ...m.onTheFly, keepExistingGroups: v } })}
            />
            <ListField
              label="Exclude groups"
              hint="Never assigned or removed on the fly"
              value={m.onTheFly.excludeGroups}
              onInput={(v) => set({ onTheFly: { ...m.onTheFly, excludeGroups: v } })}
            />
          </fieldset>
        ) : null}
        {m.danglingRules?.length ? (
          <p class="outcome error">Rules naming groups that no longer exist: {m.danglingRules.map((d) => d.localGroup).join(', ')}</p>
        ) : null}
        <SaveDocument doc={mapping} done="Saved. Empty rows were left out." />
      </Section>
    </>
  );
}
