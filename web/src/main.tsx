import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import './styles.css';
import { ApiError, api, caller, loadCaller, must, type Schemas } from './api.js';
import { useLoad } from './ui.js';
import { Providers } from './tabs/Providers.js';
import { TestConfiguration } from './tabs/TestConfiguration.js';
import { UserProfile } from './tabs/UserProfile.js';
import { UserGroups } from './tabs/UserGroups.js';
import { SsoSettings } from './tabs/SsoSettings.js';
import { GlobalSsoSettings } from './tabs/GlobalSsoSettings.js';
import { RedirectionRules } from './tabs/RedirectionRules.js';
import { LookAndFeel } from './tabs/LookAndFeel.js';
import { Directory } from './tabs/Directory.js';
import { Operations } from './tabs/Operations.js';

export type Provider = Schemas['ProviderDto'];
export interface TabProps {
  providers: Provider[];
  provider: Provider | null;
  reloadProviders: () => void;
  chooseProvider: (id: string) => void;
}

/** The tabs, named as in the seed guide's admin pages. */
const TABS = [
  ['providers', 'Providers', Providers],
  ['test', 'Test Configuration', TestConfiguration],
  ['profile', 'User Profile', UserProfile],
  ['groups', 'User Groups', UserGroups],
  ['sso', 'SSO Settings', SsoSettings],
  ['global', 'Global SSO Settings', GlobalSsoSettings],
  ['rules', 'Redirection Rules', RedirectionRules],
  ['look', 'Look and Feel', LookAndFeel],
  ['directory', 'Directory', Directory],
  ['operations', 'Operations', Operations],
] as const;

function currentTab(): string {
  const name = location.hash.replace(/^#\/?/, '');
  return TABS.some(([key]) => key === name) ? name : 'providers';
}

function Console() {
  const [tab, setTab] = useState(currentTab());
  const [providerId, setProviderId] = useState<string | null>(null);
  const providers = useLoad(() => must(api.GET('/api/admin/providers')));
  useEffect(() => {
    const onHash = () => setTab(currentTab());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [tab]);
  const list = providers.value ?? [];
  const provider = list.find((p) => p.id === providerId) ?? list[0] ?? null;
  const [, title, Tab] = TABS.find(([key]) => key === tab)!;
  document.title = `${title} · Sesame admin`;
  return (
    <div class="layout">
      <header class="top">
        <a class="skip" href="#content">
          Skip to content
        </a>
        <strong>Sesame admin</strong>
        <span class="who">
          {caller?.name} {caller?.scope === 'read' ? <span class="badge">read-only</span> : null} <a href="/logout">Sign out</a>
        </span>
      </header>
      <nav aria-label="Console sections">
        <ul>
          {TABS.map(([key, label]) => (
            <li key={key}>
              <a href={`#/${key}`} aria-current={key === tab ? 'page' : undefined}>
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="content">
        <h1 tabIndex={-1}>{title}</h1>
        {caller?.scope === 'read' ? (
          <p class="notice">You are a read-only administrator: you can see everything and change nothing.</p>
        ) : null}
        {providers.error ? (
          <p role="alert" class="outcome error">
            {providers.error}
          </p>
        ) : null}
        <Tab providers={list} provider={provider} reloadProviders={providers.reload} chooseProvider={setProviderId} />
      </main>
    </div>
  );
}

function SignIn({ problem }: { problem: ApiError }) {
  const back = `/login?return_to=${encodeURIComponent('/admin/')}`;
  return (
    <main class="signin">
      <h1>Sesame admin</h1>
      {problem.status === 401 ? <p>Sign in with an administrator account to use the console.</p> : <p role="alert">{problem.message}</p>}
      <p>
        <a class="button primary" href={back}>
          Sign in
        </a>
      </p>
    </main>
  );
}

const app = document.getElementById('app')!;
const who = await loadCaller();
render(who instanceof ApiError ? <SignIn problem={who} /> : <Console />, app);
