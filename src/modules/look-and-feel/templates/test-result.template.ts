import { pageShell } from './page-shell.js';

const ERROR = `{% if error %}<div class="alert alert-error" role="alert">
<p><strong>{{ error.message }}</strong></p>
<p>Error code <code>{{ error.code }}</code>{% if error.step %} at step <code>{{ error.step }}</code>{% endif %}</p>
{% if error.error %}<p>The provider said <code>{{ error.error }}</code>{% if error.error_description %}: {{ error.error_description }}{% endif %}</p>{% endif %}
{% if error.hint %}<p><strong>What to check:</strong> {{ error.hint }}</p>{% endif %}
</div>{% endif %}`;

const GROUP_ROWS = `{% for change in preview.groups.add %}<tr><td>Add to</td><td><code>{{ change.group }}</code></td><td>{{ change.rule }}</td></tr>
{% endfor %}{% for change in preview.groups.remove %}<tr><td>Remove from</td><td><code>{{ change.group }}</code></td><td>{{ change.rule }}</td></tr>
{% endfor %}{% for group in preview.groups.create %}<tr><td>Create</td><td><code>{{ group }}</code></td><td>New group, created at sign-in</td></tr>
{% endfor %}`;

const PREVIEW = `{% if preview %}<section aria-labelledby="mapping-title">
<h2 id="mapping-title">What a sign-in would do</h2>
{% if preview.denied %}<div class="alert alert-error" role="status"><p><strong>Sign-in would be refused:</strong> {{ preview.denied.message }}</p><p>Error code <code>{{ preview.denied.code }}</code></p></div>{% endif %}
{% if preview.user %}<dl class="summary">
<dt>User</dt><dd>{{ preview.user.action }}</dd>
<dt>Username</dt><dd>{% if preview.user.username %}<code>{{ preview.user.username }}</code>{% else %}<span class="empty">none</span>{% endif %}</dd>
<dt>Email</dt><dd>{% if preview.user.email %}{{ preview.user.email }}{% else %}<span class="empty">none</span>{% endif %}</dd>
<dt>Because</dt><dd>{{ preview.user.rule }}</dd>
</dl>
<h3>Groups</h3>
{% if groupChangeCount > 0 %}<div class="table-wrap"><table class="table table-groups">
<thead><tr><th scope="col">Change</th><th scope="col">Group</th><th scope="col">Because</th></tr></thead>
<tbody>
${GROUP_ROWS}</tbody>
</table></div>{% else %}<p class="empty">No group changes.</p>{% endif %}
{% endif %}</section>{% endif %}`;

const ATTRIBUTES = `<section aria-labelledby="attributes-title">
<h2 id="attributes-title">Attributes received ({{ attributes.size }})</h2>
<p class="muted small">Use these paths in the user and group mappings.</p>
{% if attributes.size > 0 %}<div class="table-wrap"><table class="table table-attributes">
<thead><tr><th scope="col">Path</th><th scope="col">Value</th></tr></thead>
<tbody>
{% for attribute in attributes %}<tr><td><code>{{ attribute.path }}</code></td><td>{{ attribute.value }}</td></tr>
{% endfor %}</tbody>
</table></div>{% else %}<p class="empty">No attributes were received.</p>{% endif %}
</section>`;

const BODY = `<div class="result-header">
<div><p class="eyebrow">Test configuration</p><h1 class="title">{{ provider.displayName }}</h1></div>
{% if ok == false %}<span class="badge badge-error">Failed</span>{% elsif preview.denied %}<span class="badge badge-warning">Sign-in refused</span>{% else %}<span class="badge badge-success">Success</span>{% endif %}
</div>
${ERROR}
${PREVIEW}
${ATTRIBUTES}`;

export const TEST_RESULT_TEMPLATE = pageShell({
  title: 'Test configuration · {{ provider.displayName }}',
  body: BODY,
  wide: true,
  footer: '<span>Nothing was saved. You can close this window.</span>',
});
