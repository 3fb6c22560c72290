import { ICONS, pageShell } from './page-shell.js';

const BODY = `<div class="status-icon status-icon-error">${ICONS.error}</div>
<h1 class="title">{{ title }}</h1>
<p class="lead">{{ message }}</p>
{% if hint %}<div class="next-step"><h2>What to do next</h2><p>{{ hint }}</p></div>{% endif %}
<a class="btn btn-primary" href="{{ tryAgainUrl | safe_url }}">Try again</a>
<dl class="meta">
{% if detail %}<div><dt>Details</dt><dd class="detail">{{ detail }}</dd></div>{% endif %}
<div><dt>Error code</dt><dd><code>{{ code }}</code></dd></div>
<div><dt>Request ID</dt><dd><code>{{ requestId }}</code></dd></div>
</dl>`;

export const ERROR_TEMPLATE = pageShell({ title: '{{ title }} · Sign in', body: BODY });
