import { ICONS, pageShell } from './page-shell.js';

// A form, not a link: only a POST with the CSRF token signs out, so no other site can do it for the user.
const BODY = `<div class="status-icon status-icon-info">${ICONS.lock}</div>
<h1 class="title">Sign out?</h1>
<p class="lead">Do you want to sign out of this application?</p>
<form class="stack" method="post" action="{{ formAction | safe_url }}">
<input type="hidden" name="csrf" value="{{ csrfToken }}">
<button type="submit" class="btn btn-primary" autofocus>Sign out</button>
</form>
<a class="btn btn-link" href="{{ cancelUrl | safe_url }}">Stay signed in</a>
<p class="muted small meta">You got here from another site. If you did not mean to sign out, stay signed in.</p>`;

export const LOGOUT_CONFIRM_TEMPLATE = pageShell({ title: 'Sign out?', body: BODY });
