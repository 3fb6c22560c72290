import { useEffect, useId, useState } from 'preact/hooks';
import { api, must } from '../api.js';

/**
 * A local group, searchable: the server searches (GET /api/admin/groups?search=), so it works
 * with 10,000 groups; the browser shows at most 20 suggestions in a datalist.
 */
export function GroupPicker({ label, value, onInput }: { label: string; value: string; onInput: (v: string) => void }) {
  const id = useId();
  const [options, setOptions] = useState<string[]>([]);
  useEffect(() => {
    const timer = setTimeout(() => {
      void must(api.GET('/api/admin/groups', { params: { query: { search: value || undefined, limit: 20 } } })).then(
        (page) => setOptions(page.items.map((g) => g.name)),
        () => setOptions([]),
      );
    }, 200);
    return () => clearTimeout(timer);
  }, [value]);
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input id={id} list={`${id}-list`} value={value} autocomplete="off" onInput={(e) => onInput(e.currentTarget.value)} />
      <datalist id={`${id}-list`}>
        {options.map((name) => (
          <option value={name} key={name} />
        ))}
      </datalist>
    </div>
  );
}
