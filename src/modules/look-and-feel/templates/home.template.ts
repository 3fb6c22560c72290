import { pageShell } from './page-shell.js';

// Links open in the same tab: they are the applications this sign-in is for.
const LINKS = `{% if links.size > 0 %}<h2 class="eyebrow" id="apps-heading">Your applications</h2>
<ul class="provider-list home-links" aria-labelledby="apps-heading">
{% for link in links %}<li><a class="btn btn-provider home-link" href="{{ link.url | safe_url }}"><span class="provider-monogram" aria-hidden="true">{{ link.name | slice: 0 | upcase }}</span><span><span class="home-link-name">{{ link.name }}</span>{% if link.description %}<span class="home-link-description muted small">{{ link.description }}</span>{% endif %}</span></a></li>
{% endfor %}</ul>{% else %}<p class="muted small empty">No applications are listed for you here yet.</p>{% endif %}`;

const BODY = `<h1 class="title">Hello, {{ user.name }}</h1>
<p class="lead">You are signed in to Sesame.</p>
<dl class="meta" aria-label="Your account">
<div><dt>Name</dt><dd id="home-name">{{ user.name }}</dd></div>
<div><dt>Username</dt><dd id="home-username"><code>{{ user.username }}</code></dd></div>
{% if user.email %}<div><dt>Email</dt><dd id="home-email">{{ user.email }}</dd></div>{% endif %}
<div><dt>Groups</dt><dd id="home-groups">{% if user.groups.size > 0 %}{% for group in user.groups %}<span class="badge badge-group">{{ group }}</span> {% endfor %}{% else %}<span class="muted">none</span>{% endif %}</dd></div>
</dl>
${LINKS}
<form method="post" action="{{ logoutAction | safe_url }}" class="stack">
<input type="hidden" name="csrf" value="{{ csrfToken }}">
<button type="submit" class="btn btn-primary" id="sign-out">Sign out</button>
</form>`;

export const HOME_TEMPLATE = pageShell({ title: '{{ user.name }} · Sesame', body: BODY });
