import type { ComponentChildren } from 'preact';
import { useEffect, useId, useState } from 'preact/hooks';
import { explain, readOnly, reauthenticateUrlOf } from './api.js';

/** Loads once (and again on `reload()`); `error` holds the explained failure. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []) {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (v) => live && (setValue(v), setError(null)),
      (e: unknown) => live && setError(explain(e)),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  return { value, setValue, error, reload: () => setTick((t) => t + 1) };
}

/** Runs a write and shows its outcome in a live region; disabled for read-only administrators. */
export function useAction() {
  const [state, setState] = useState<{ busy: boolean; message: string | null; failed: boolean; reauthenticateUrl: string | null }>({
    busy: false,
    message: null,
    failed: false,
    reauthenticateUrl: null,
  });
  const run = async (work: () => Promise<unknown>, done = 'Saved.') => {
    setState({ busy: true, message: null, failed: false, reauthenticateUrl: null });
    try {
      await work();
      setState({ busy: false, message: done, failed: false, reauthenticateUrl: null });
      return true;
    } catch (error) {
      setState({ busy: false, message: explain(error), failed: true, reauthenticateUrl: reauthenticateUrlOf(error) });
      return false;
    }
  };
  return { ...state, run };
}

/**
 * A settings document as the tabs edit it: loaded (again when `deps` change), changed in place
 * with `set`, and saved whole by `save`, whose answer (the stored document) replaces the edits.
 * `load` answers null when there is nothing to load (no provider chosen).
 */
export function useDocument<T extends object>(load: () => Promise<T | null>, store: (value: T) => Promise<T>, deps: unknown[] = []) {
  const doc = useLoad(load, deps);
  const action = useAction();
  const value = doc.value;
  return {
    value,
    error: doc.error,
    action,
    set: (patch: Partial<T>) => value && doc.setValue({ ...value, ...patch }),
    save: (done?: string) => (value ? action.run(async () => doc.setValue(await store(value)), done) : Promise.resolve(false)),
  };
}

/** The save button of a document and the outcome of its last save (`done` when it worked, 'Saved.' unless given). */
export function SaveDocument({
  doc,
  done,
}: {
  doc: { action: ReturnType<typeof useAction>; save: (done?: string) => Promise<boolean> };
  done?: string;
}) {
  return (
    <>
      <SaveButton busy={doc.action.busy} onClick={() => void doc.save(done)} />
      <Outcome {...doc.action} />
    </>
  );
}

export function Outcome({
  message,
  failed,
  reauthenticateUrl = null,
}: {
  message: string | null;
  failed: boolean;
  reauthenticateUrl?: string | null;
}) {
  return (
    <p class={failed ? 'outcome error' : 'outcome'} role={failed ? 'alert' : 'status'}>
      {message}
      {reauthenticateUrl && (
        <>
          {' '}
          <a class="button" href={reauthenticateUrl}>
            Sign in again
          </a>
        </>
      )}
    </p>
  );
}

export function Section({ title, children, hint }: { title: string; hint?: string; children: ComponentChildren }) {
  return (
    <section class="card">
      <h2>{title}</h2>
      {hint ? <p class="hint">{hint}</p> : null}
      {children}
    </section>
  );
}

export function Text(props: {
  label: string;
  value: string;
  onInput: (v: string) => void;
  hint?: string;
  type?: string;
  placeholder?: string;
  name?: string;
}) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        placeholder={props.placeholder}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
      {props.hint ? <small id={`${id}-hint`}>{props.hint}</small> : null}
    </div>
  );
}

export function NumberField(props: {
  label: string;
  value: number;
  onInput: (v: number) => void;
  min?: number;
  max?: number;
  hint?: string;
}) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <input
        id={id}
        type="number"
        min={props.min}
        max={props.max}
        value={props.value}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
        onInput={(e) => props.onInput(Number(e.currentTarget.value))}
      />
      {props.hint ? <small id={`${id}-hint`}>{props.hint}</small> : null}
    </div>
  );
}

export function Check(props: { label: string; checked: boolean; onChange: (v: boolean) => void; hint?: string }) {
  const id = useId();
  return (
    <div class="field check">
      <input
        id={id}
        type="checkbox"
        checked={props.checked}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
      />
      <label for={id}>{props.label}</label>
      {props.hint ? <small id={`${id}-hint`}>{props.hint}</small> : null}
    </div>
  );
}

export function Choice<T extends string>(props: {
  label: string;
  value: T;
  options: readonly (readonly [T, string])[];
  onChange: (v: T) => void;
  hint?: string;
}) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select
        id={id}
        value={props.value}
        // The DOM types a select's value as string; it can only be one of the options' values, each a T.
        onChange={(e) => props.onChange(e.currentTarget.value as T)}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
      >
        {props.options.map(([value, text]) => (
          <option value={value} key={value}>
            {text}
          </option>
        ))}
      </select>
      {props.hint ? <small id={`${id}-hint`}>{props.hint}</small> : null}
    </div>
  );
}

/** A list edited as one entry per line (or separated by commas). */
export function ListField(props: { label: string; value: readonly string[]; onInput: (v: string[]) => void; hint?: string }) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <textarea
        id={id}
        rows={3}
        value={props.value.join('\n')}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
        onInput={(e) =>
          props.onInput(
            e.currentTarget.value
              .split(/[\n,]/)
              .map((s) => s.trim())
              .filter(Boolean),
          )
        }
      />
      {props.hint ? <small id={`${id}-hint`}>{props.hint}</small> : null}
    </div>
  );
}

export function SaveButton({ busy, onClick, label = 'Save' }: { busy: boolean; onClick: () => void; label?: string }) {
  const locked = readOnly();
  return (
    <button
      type="button"
      class="primary"
      disabled={busy || locked}
      onClick={onClick}
      title={locked ? 'Read-only administrators cannot change settings' : undefined}
    >
      {busy ? 'Saving…' : label}
    </button>
  );
}

export function Failure({ error }: { error: string | null }) {
  return error ? (
    <p class="outcome error" role="alert">
      {error}
    </p>
  ) : null;
}
