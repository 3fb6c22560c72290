import type { Schemas } from '../api.js';

type Preview = Schemas['MappingPreviewResultDto'];
type Row = { what: string; outcome: string; ruleCode: string; rule: string };

/** Each outcome of the mapping preview (Test Configuration), with the rule that decided it. */
export function MappingPreview({ preview }: { preview: Preview }) {
  const { groups } = preview;
  const group = (verb: string) => (g: { group: string; ruleCode: string; rule: string; row?: number }) => ({
    what: `Group ${g.group || '(empty name)'}`,
    outcome: g.row ? `${verb} (row ${g.row})` : verb,
    ruleCode: g.ruleCode,
    rule: g.rule,
  });
  const rows: Row[] = [
    { what: 'Sign-in', ...preview.signIn },
    ...(preview.account ? [{ what: `Account ${preview.user?.username ?? ''}`.trim(), ...preview.account }] : []),
    ...preview.fields.map((f) => ({ what: f.field, outcome: `${f.outcome}: ${f.value ?? '—'}`, ruleCode: f.ruleCode, rule: f.rule })),
    ...groups.add.map(group('added')),
    ...groups.remove.map(group('removed')),
    ...groups.kept.map(group('kept')),
    ...groups.skipped.map(group('left aside')),
    ...(groups.notPlanned ? [{ what: 'Groups', outcome: 'unchanged', ...groups.notPlanned }] : []),
  ];
  return (
    <div class="scroll">
      <table data-testid="mapping-preview">
        <caption class="visually-hidden">Mapping preview</caption>
        <thead>
          <tr>
            <th scope="col">What</th>
            <th scope="col">Outcome</th>
            <th scope="col">Rule</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              <td>{r.what}</td>
              <td>{r.outcome}</td>
              <td>
                <code>{r.ruleCode}</code> {r.rule}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
