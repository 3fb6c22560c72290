import { ICONS, pageShell } from './page-shell.js';

const BODY = `<div class="status-icon status-icon-info">${ICONS.lock}</div>
<h1 class="title">Emergency sign-in</h1>
<p class="lead">For administrators, when <span class="nowrap">single sign-on</span> is unavailable. Sign in with your local account.</p>
{% if error %}<div class="alert alert-error" role="alert">{{ error }}</div>{% endif %}
<form class="stack" method="post" action="{{ formAction | safe_url }}">
<input type="hidden" name="csrf" value="{{ csrfToken }}">
<input type="hidden" name="key" value="{{ key }}">
<div class="field">
<label for="username">Username</label>
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required value="{{ username }}"{% if username == blank %} autofocus{% endif %}>
</div>
<div class="field">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required{% if username != blank %} autofocus{% endif %}>
</div>
<button type="submit" class="btn btn-primary">Sign in</button>
</form>`;

export const BACKDOOR_TEMPLATE = pageShell({ title: 'Emergency sign-in', body: BODY });
