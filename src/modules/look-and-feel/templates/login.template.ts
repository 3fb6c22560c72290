import { pageShell } from './page-shell.js';

const REMEMBER_ME = `<div class="check"><input type="checkbox" id="remember-me" name="remember_me" value="1"><label for="remember-me">Keep me signed in on this device</label></div>`;

const PROVIDER_ICON = `{% if provider.iconUrl %}<img class="provider-icon" src="{{ provider.iconUrl | safe_image_url }}" alt="" width="24" height="24">{% else %}<span class="provider-monogram" aria-hidden="true">{{ provider.initial }}</span>{% endif %}`;

// One GET form for every provider (each button has its own formaction), so the remember-me
// checkbox and return_to travel with whichever button is pressed, without any script.
const PROVIDER_FORM = `<form class="providers" method="get" action="{{ providerForm.action | safe_url }}">
{% for param in providerForm.params %}<input type="hidden" name="{{ param.name }}" value="{{ param.value }}">
{% endfor %}{% if rememberMe.enabled and emailFirst.enabled == false %}${REMEMBER_ME}{% endif %}
<ul class="provider-list" aria-label="Sign-in options">
{% for provider in providers %}<li><button type="submit" class="btn btn-provider" formaction="{{ provider.action | safe_url }}" data-provider="{{ provider.slug }}">${PROVIDER_ICON}<span>{{ provider.buttonText }}</span></button></li>
{% endfor %}</ul>
</form>`;

// Providers whose start URLs carry different parameters cannot share one form: plain links,
// and a small script adds remember_me when the box is ticked.
const PROVIDER_LINKS = `{% if rememberMe.enabled and emailFirst.enabled == false %}${REMEMBER_ME}{% endif %}
<ul class="provider-list" aria-label="Sign-in options">
{% for provider in providers %}<li><a class="btn btn-provider" href="{{ provider.startUrl | safe_url }}" data-start-url="{{ provider.startUrl | safe_url }}" data-provider="{{ provider.slug }}">${PROVIDER_ICON}<span>{{ provider.buttonText }}</span></a></li>
{% endfor %}</ul>`;

const EMAIL_FIRST = `<form class="stack" method="post" action="{{ emailFirst.action | safe_url }}">
<input type="hidden" name="csrf" value="{{ csrfToken }}">
<input type="hidden" name="return_to" value="{{ returnTo }}">
<div class="field">
<label for="email">Work email</label>
<input id="email" name="email" type="email" autocomplete="username" inputmode="email" spellcheck="false" required autofocus value="{{ emailFirst.email }}"{% if emailFirst.message %} aria-invalid="true" aria-describedby="email-error"{% endif %}>
{% if emailFirst.message %}<p class="field-error" id="email-error" role="alert">{{ emailFirst.message }}</p>{% endif %}
</div>
{% if rememberMe.enabled %}${REMEMBER_ME}{% endif %}
<button type="submit" class="btn btn-primary">Continue</button>
</form>`;

const AUTO_REDIRECT = `<section id="auto-redirect" class="auto-redirect" data-url="{{ autoRedirect.url | safe_url }}" data-delay="{{ autoRedirect.delaySeconds }}" aria-labelledby="auto-redirect-text">
{% if autoRedirect.delaySeconds > 0 %}<p id="auto-redirect-text" class="lead" aria-live="polite">Taking you to your organisation’s <span class="nowrap">sign-in</span> page in <strong class="countdown"><span id="auto-redirect-seconds">{{ autoRedirect.delaySeconds }}</span> <span id="auto-redirect-unit">{% if autoRedirect.delaySeconds == 1 %}second{% else %}seconds{% endif %}</span></strong>.</p>
{% else %}<p id="auto-redirect-text" class="lead">Taking you to your organisation’s <span class="nowrap">sign-in</span> page…</p>{% endif %}
<a class="btn btn-primary" id="auto-redirect-continue" href="{{ autoRedirect.url | safe_url }}">Continue now</a>
{% if autoRedirect.cancelUrl != blank %}<a class="btn btn-link" id="auto-redirect-cancel" href="{{ autoRedirect.cancelUrl | safe_url }}">Cancel and show other sign-in options</a>{% endif %}
<noscript><p class="muted small">Your browser is not running scripts: choose “Continue now” to sign in.</p></noscript>
</section>`;

const AUTO_REDIRECT_SCRIPT = `<script nonce="{{ nonce }}">
(function () {
  var panel = document.getElementById('auto-redirect');
  var url = panel.getAttribute('data-url');
  var left = parseInt(panel.getAttribute('data-delay'), 10) || 0;
  if (!url) return;
  if (left <= 0) { location.replace(url); return; }
  var seconds = document.getElementById('auto-redirect-seconds');
  var unit = document.getElementById('auto-redirect-unit');
  var timer = setInterval(function () {
    left -= 1;
    if (left <= 0) { clearInterval(timer); location.replace(url); return; }
    seconds.textContent = String(left);
    unit.textContent = left === 1 ? 'second' : 'seconds';
  }, 1000);
  var cancel = document.getElementById('auto-redirect-cancel');
  if (cancel) cancel.addEventListener('click', function () { clearInterval(timer); });
})();
</script>`;

const REMEMBER_ME_LINKS_SCRIPT = `<script nonce="{{ nonce }}">
(function () {
  var box = document.getElementById('remember-me');
  var links = document.querySelectorAll('a[data-start-url]');
  function sync() {
    for (var i = 0; i < links.length; i++) {
      var start = links[i].getAttribute('data-start-url');
      if (start) links[i].setAttribute('href', box.checked ? start + (start.indexOf('?') < 0 ? '?' : '&') + 'remember_me=1' : start);
    }
  }
  if (box) { box.addEventListener('change', sync); sync(); }
})();
</script>`;

const MESSAGE = `{% if message %}<div class="alert" role="status">{{ message }}</div>{% endif %}`;

const BODY = `<h1 class="title">Sign in</h1>
{% if autoRedirect %}${MESSAGE}${AUTO_REDIRECT}
{% else %}
{% if ssoEnabled == false %}<p class="lead">Single sign-on is turned off. Contact your administrator if you need access.</p>
{% elsif emailFirst.enabled %}<p class="lead">Enter your work email and we will take you to the right sign-in page.</p>
{% elsif providers.size > 0 %}<p class="lead">Choose how you want to sign in.</p>
{% else %}<p class="lead">No sign-in option is available right now. Contact your administrator.</p>{% endif %}
${MESSAGE}
{% if emailFirst.enabled %}${EMAIL_FIRST}{% if providers.size > 0 %}<div class="divider">or</div>{% endif %}{% endif %}
{% if providers.size > 0 %}{% if providerForm %}${PROVIDER_FORM}{% else %}${PROVIDER_LINKS}{% endif %}{% endif %}
{% endif %}`;

const FOOTER = `<span>Secured by Sesame single sign-on</span>{% if backdoorUrl %}<a href="{{ backdoorUrl | safe_url }}">Emergency sign-in</a>{% endif %}`;

const SCRIPTS = `{% if autoRedirect %}${AUTO_REDIRECT_SCRIPT}{% elsif rememberMe.enabled and providerForm == nil and emailFirst.enabled == false and providers.size > 0 %}${REMEMBER_ME_LINKS_SCRIPT}{% endif %}`;

export const LOGIN_TEMPLATE = pageShell({ title: 'Sign in', body: BODY, footer: FOOTER, scripts: SCRIPTS });
