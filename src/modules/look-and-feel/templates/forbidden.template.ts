import { ICONS, pageShell } from './page-shell.js';

// Served by forward-auth on the application's own host name: every link is an absolute URL of Sesame.
const BODY = `<div class="status-icon status-icon-error">${ICONS.lock}</div>
<h1 class="title">You do not have access to {{ app }}</h1>
<p class="lead">You are signed in as <strong>{{ user.name }}</strong>{% if user.email %} ({{ user.email }}){% endif %}.</p>
<div class="next-step"><h2>Why</h2><p class="detail">{{ reason }}</p></div>
<a class="btn btn-primary" href="{{ switchUserUrl | safe_url }}">Sign in as someone else</a>
<a class="btn btn-link" href="{{ signOutUrl | safe_url }}">Sign out</a>
<p class="muted small meta">If you need access, ask your administrator. Request <code>{{ requestId }}</code></p>`;

export const FORBIDDEN_TEMPLATE = pageShell({ title: 'No access · Sign in', body: BODY });
