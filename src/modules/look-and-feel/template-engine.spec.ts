import { describe, expect, it } from '@jest/globals';
import { TemplateEngine } from './template-engine.js';

const engine = new TemplateEngine();

async function render(source: string, scope: object = {}): Promise<string> {
  const parsed = engine.parse(source);
  if (!parsed.ok) throw new Error(`does not parse: ${parsed.message}`);
  return engine.render(parsed.template, scope);
}

describe('TemplateEngine sandbox', () => {
  const scope = { provider: { displayName: 'Okta' }, providers: [{ displayName: 'Okta' }], x: '<b>bold</b>', nonce: 'n0nce' };

  it.each([
    ['{{ constructor.constructor }}', ''],
    ['{{ provider.constructor.name }}', ''],
    ['{{ provider.__proto__ }}', ''],
    ["{{ provider['constructor'] }}", ''],
    ['{% for p in providers %}{{ p.constructor.name }}{% endfor %}', ''],
    ["{{ providers | map: 'constructor' | first }}", ''],
    ["{{ '<script>' }}", '&lt;script&gt;'],
    ['{{ x }}', '&lt;b&gt;bold&lt;/b&gt;'],
    ['{% echo x %}', '&lt;b&gt;bold&lt;/b&gt;'],
    ["{{ x | append: '<i>' }}", '&lt;b&gt;bold&lt;/b&gt;&lt;i&gt;'],
    ['<a href="{{ \'javascript:alert(1)\' | safe_url }}">', '<a href="">'],
    ['{{ \'" onmouseover="alert(1)\' }}', '&#34; onmouseover=&#34;alert(1)'],
    ['{{ process }}{{ global }}{{ globalThis }}{{ require }}', ''],
  ])('%s renders %j', async (source, expected) => {
    expect(await render(source, scope)).toBe(expected);
  });

  it.each([
    ["{% include '/etc/passwd' %}", 'tag "include" not found'],
    ["{% render 'x' %}", 'tag "render" not found'],
    ["{% layout 'x' %}", 'tag "layout" not found'],
    ['{% block x %}{% endblock %}', 'tag "block" not found'],
    ['{{ x | raw }}', 'undefined filter: raw'],
    ['{{ x | no_such_filter }}', 'undefined filter: no_such_filter'],
  ])('refuses %s when saving: %s', (source, message) => {
    expect(engine.parse(source)).toMatchObject({ ok: false, message });
  });

  it('reports the line and column where a template breaks', () => {
    expect(engine.parse('<p>ok</p>\n<p>\n   {% if x %}never closed</p>')).toMatchObject({ ok: false, line: 3, column: 4 });
    expect(engine.parse('line one\n  {{ x | nope }}')).toMatchObject({ ok: false, line: 2, column: 3 });
  });

  it('stops a template that would use unbounded memory', async () => {
    const parsed = engine.parse('{% for i in (1..100000000) %}x{% endfor %}');
    expect(parsed.ok).toBe(true);
    if (parsed.ok) await expect(engine.render(parsed.template, {})).rejects.toThrow(/limit/);
  });

  it('refuses a template longer than the parse limit', () => {
    expect(engine.parse('x'.repeat(300_000)).ok).toBe(false);
  });

  it('prints the built-in stylesheet with the nonce, escaped', async () => {
    const html = await render('{% default_styles %}', { nonce: '"><script>' });
    expect(html).toMatch(/^<style nonce="&#34;&#62;&#60;script&#62;">:root\{/);
    expect(html).not.toContain('<script>');
  });

  it('does not escape text templates (the page escapes their result once)', async () => {
    const parsed = engine.parse('Sign in with {{ name }}', 'text');
    expect(parsed.ok && (await engine.render(parsed.template, { name: 'A&B' }, 'text'))).toBe('Sign in with A&B');
  });
});
