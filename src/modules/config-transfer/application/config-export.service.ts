import { Injectable } from '@nestjs/common';
import { AccessRulesService } from '../../access-rules/index.js';
import { GroupMappingService } from '../../group-mapping/index.js';
import { LookAndFeelService } from '../../look-and-feel/index.js';
import { ProviderService, type Provider } from '../../provider/index.js';
import { RedirectRulesService } from '../../redirect-rules/index.js';
import { SignInSettingsService } from '../../sign-in/index.js';
import { UserMappingService } from '../../user-mapping/index.js';
import { CONFIG_FORMAT, CONFIG_VERSION, type ConfigDocument, type ProviderEntry } from '../domain/config-document.js';
import { providerFields } from '../domain/provider-fields.js';
import { redirectRulesToEntry, signInSettingsToEntry } from '../domain/provider-references.js';
import { BACKDOOR_KEY_PURPOSE, DocumentSecrets, clientSecretPurpose } from './document-secrets.js';

/** The whole configuration as one document (see ConfigDocument); secrets only when a passphrase seals them. */
@Injectable()
export class ConfigExportService {
  constructor(
    private readonly providers: ProviderService,
    private readonly userMappings: UserMappingService,
    private readonly groupMappings: GroupMappingService,
    private readonly signIn: SignInSettingsService,
    private readonly redirectRules: RedirectRulesService,
    private readonly lookAndFeel: LookAndFeelService,
    private readonly accessRules: AccessRulesService,
  ) {}

  async export(passphrase?: string): Promise<ConfigDocument> {
    const secrets = passphrase === undefined ? null : DocumentSecrets.forExport(passphrase);
    const providers = await this.providers.list();
    const slugs = new Map(providers.map((p) => [p.id, p.slug]));
    const slugOf = (id: string) => slugs.get(id);
    const entries: ProviderEntry[] = [];
    for (const provider of providers) entries.push(await this.providerEntry(provider, secrets));

    const signIn = await this.signIn.get();
    const signInSettings = signInSettingsToEntry(signIn, slugOf);
    const sealedKey = secrets && signIn.backdoor.key ? secrets.seal(signIn.backdoor.key, BACKDOOR_KEY_PURPOSE) : undefined;
    return {
      format: CONFIG_FORMAT,
      version: CONFIG_VERSION,
      exportedAt: new Date().toISOString(),
      ...(secrets ? { secretsSalt: secrets.salt } : {}),
      providers: entries,
      signInSettings: sealedKey ? { ...signInSettings, backdoor: { ...signInSettings.backdoor, sealedKey } } : signInSettings,
      redirectRules: redirectRulesToEntry(await this.redirectRules.get(), slugOf),
      lookAndFeel: await this.lookAndFeel.get(),
      accessRules: await this.accessRules.get(),
    };
  }

  private async providerEntry(provider: Provider, secrets: DocumentSecrets | null): Promise<ProviderEntry> {
    const entry: ProviderEntry = {
      ...providerFields(provider),
      userMapping: await this.userMappings.forProvider(provider),
      groupMapping: await this.groupMappings.forProvider(provider.id),
    };
    if (!secrets) return entry;
    const secret = (await this.providers.findBySlug(provider.slug))?.clientSecret;
    return secret ? { ...entry, sealedClientSecret: secrets.seal(secret, clientSecretPurpose(provider.slug)) } : entry;
  }
}
