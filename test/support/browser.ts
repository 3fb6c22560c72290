/**
 * A cookie-keeping HTTP client that does not follow redirects on its own, so a test sees every
 * hop of a login: it is "a browser" as far as Sesame and the identity provider can tell.
 */
export class TestBrowser {
  private readonly jar = new Map<string, Map<string, string>>();

  constructor(
    private readonly defaultHeaders: Record<string, string> = {},
    /** How requests are sent (default: Node's fetch); a test trusting its own certificate passes its own. */
    private readonly send: (
      url: URL,
      init: { method: string; headers: Record<string, string>; body?: string; redirect: 'manual' },
    ) => Promise<Response> = fetch,
  ) {}

  async request(
    url: string,
    init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const target = new URL(url);
    const headers: Record<string, string> = { ...this.defaultHeaders, ...init.headers };
    const cookie = this.cookieHeader(target);
    if (cookie) headers.cookie = cookie;
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const response = await this.send(target, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    this.store(target, response);
    return response;
  }

  get(url: string, headers?: Record<string, string>): Promise<Response> {
    return this.request(url, { headers });
  }

  post(url: string, form: Record<string, string>): Promise<Response> {
    return this.request(url, { method: 'POST', form });
  }

  /** Follows redirects (resolving relative Location headers) until a non-3xx or `stopAt` matches. */
  async follow(url: string, stopAt?: (next: URL) => boolean, maxHops = 15): Promise<{ response: Response; url: string; hops: string[] }> {
    let current = url;
    const hops: string[] = [current];
    for (let i = 0; i < maxHops; i++) {
      const response = await this.get(current);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return { response, url: current, hops };
      const next = new URL(location, current);
      hops.push(next.toString());
      if (stopAt?.(next)) return { response, url: next.toString(), hops };
      await response.arrayBuffer();
      current = next.toString();
    }
    throw new Error(`too many redirects: ${hops.join(' -> ')}`);
  }

  cookie(origin: string, name: string): string | undefined {
    return this.jar.get(new URL(origin).host)?.get(name);
  }

  setCookie(origin: string, name: string, value: string): void {
    const host = new URL(origin).host;
    if (!this.jar.has(host)) this.jar.set(host, new Map());
    this.jar.get(host)!.set(name, value);
  }

  clearCookies(): void {
    this.jar.clear();
  }

  private cookieHeader(url: URL): string {
    const cookies = this.jar.get(url.host);
    return cookies ? [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') : '';
  }

  private store(url: URL, response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (!this.jar.has(url.host)) this.jar.set(url.host, new Map());
      const expired = attributes.some((a) => /max-age=0\b/i.test(a.trim()) || /expires=Thu, 01 Jan 1970/i.test(a.trim()));
      if (expired || value === '') this.jar.get(url.host)!.delete(name);
      else this.jar.get(url.host)!.set(name, value);
    }
  }
}
