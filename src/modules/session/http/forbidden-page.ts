import type { AppConfig } from '../../../config/index.js';
import { createNonce, pageSecurityHeaders, type LookAndFeelService, type PageRenderer } from '../../look-and-feel/index.js';
import type { ForbiddenPage } from './forward-auth.js';

/**
 * Sesame's "no access" page for forward-auth, in the administrator's look and feel. It is served
 * on the application's host name, so its links are absolute URLs of Sesame: "sign in as someone
 * else" signs out and comes back to the login page for the same address.
 */
export function forbiddenPage(renderer: PageRenderer, lookAndFeel: LookAndFeelService, config: AppConfig): ForbiddenPage {
  return async ({ principal, app, reason, originalUrl, requestId }) => {
    const nonce = createNonce();
    const login = `${config.publicUrl}/login?return_to=${encodeURIComponent(originalUrl ?? '/')}`;
    const html = await renderer.renderForbidden(
      {
        user: { username: principal.username, displayName: principal.displayName, email: principal.email },
        app,
        reason,
        switchUserUrl: `${config.publicUrl}/logout?return_to=${encodeURIComponent(login)}`,
        signOutUrl: `${config.publicUrl}/logout`,
        requestId,
      },
      { nonce, settings: await lookAndFeel.get() },
    );
    return { headers: pageSecurityHeaders(nonce), html };
  };
}
