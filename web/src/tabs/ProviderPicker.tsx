import type { TabProps } from '../main.js';
import { Choice } from '../ui.js';

/** The provider whose mappings a tab edits. */
export function ProviderPicker({ providers, provider, chooseProvider }: TabProps) {
  if (!provider) return <p>No provider yet: register one on the Providers tab.</p>;
  return (
    <Choice
      label="Provider"
      value={provider.id}
      options={providers.map((p) => [p.id, `${p.displayName} (${p.slug})`] as const)}
      onChange={chooseProvider}
    />
  );
}
