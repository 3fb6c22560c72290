import { ICONS, pageShell } from './page-shell.js';

const BODY = `<div class="status-icon status-icon-success">${ICONS.success}</div>
<h1 class="title">You are signed out</h1>
<p class="lead">{% if user %}Goodbye, {{ user.name }}. {% endif %}You have been signed out of this application.</p>
<a class="btn btn-primary" href="{{ loginUrl | safe_url }}">Sign in again</a>
<p class="muted small meta">On a shared computer, also sign out of your organisation’s account and close the browser.</p>`;

export const LOGOUT_TEMPLATE = pageShell({ title: 'Signed out', body: BODY });
