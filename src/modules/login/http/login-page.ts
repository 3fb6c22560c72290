import { Injectable } from '@nestjs/common';
import { ProviderService } from '../../provider/index.js';
import { RedirectRulesService } from '../../redirect-rules/index.js';
import { SignInSettingsService } from '../../sign-in/index.js';
import type { LoginPageModel } from '../../look-and-feel/index.js';

/** What the login page shows, from the providers and the sign-in settings. */
@Injectable()
export class LoginPage {
  constructor(
    private readonly providers: ProviderService,
    private readonly settings: SignInSettingsService,
    private readonly rules: RedirectRulesService,
  ) {}

  async model(input: { returnTo: string; skipAutoRedirect: boolean; csrfToken: string }): Promise<LoginPageModel> {
    const settings = await this.settings.get();
    const enabled = settings.ssoEnabled ? (await this.providers.list()).filter((p) => p.enabled) : [];
    const startUrl = (slug: string) => `/sso/${slug}/start?${new URLSearchParams({ return_to: input.returnTo })}`;
    const auto = settings.autoRedirect;
    const autoProvider = auto.enabled && !input.skipAutoRedirect ? enabled.find((p) => p.id === auto.providerId) : undefined;
    const emailFirst = settings.ssoEnabled && (await this.rules.get()).enabled;
    return {
      providers: emailFirst
        ? []
        : enabled.map((p) => ({
            slug: p.slug,
            displayName: p.displayName,
            startUrl: startUrl(p.slug),
            buttonText: p.buttonText ?? '',
            iconUrl: p.iconUrl,
          })),
      emailFirst: { enabled: emailFirst, action: '/login/discover', email: '', message: null },
      autoRedirect: autoProvider
        ? {
            url: startUrl(autoProvider.slug),
            delaySeconds: auto.delaySeconds,
            cancelUrl: `/login?${new URLSearchParams({ sso: 'false', return_to: input.returnTo })}`,
          }
        : null,
      rememberMe: { enabled: settings.session.rememberMe.enabled },
      // A backdoor protected by a key is never linked: the link would have to carry the key.
      backdoorUrl: settings.backdoor.enabled && !settings.backdoor.key ? '/backdoor' : null,
      ssoEnabled: settings.ssoEnabled,
      csrfToken: input.csrfToken,
      returnTo: input.returnTo,
      message: settings.ssoEnabled
        ? enabled.length === 0
          ? 'No identity provider is set up yet.'
          : null
        : 'Single sign-on is turned off.',
    };
  }
}
