import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { AppConfig } from '../../../config/index.js';
import { ApiDoc, ApiJsonBody, ApiMergePatchBody, PROVIDER_ID_OR_SLUG } from '../../../common/swagger.js';
import { patchedDocument } from '../../../common/validation.js';
import { AuditContext, AuditService, type AuditRequestContext } from '../../audit/index.js';
import { ProviderService } from '../application/provider.service.js';
import { TestConfigurationService } from '../application/test-configuration.service.js';
import type { Provider } from '../domain/provider.js';
import {
  CreateProviderDto,
  PROVIDER_READ_ONLY,
  ProviderDto,
  ProviderPatchDto,
  ReorderProvidersDto,
  SetEnabledDto,
  TestLinkDto,
} from './provider.dto.js';

/** A complete registration that works as it stands: a plain OAuth 2.0 provider needs no discovery. */
export const CREATE_PROVIDER_EXAMPLE = {
  slug: 'corporate',
  displayName: 'Corporate sign-in',
  kind: 'oauth2',
  preset: 'generic',
  endpoints: {
    authorization: 'https://idp.example.com/oauth/authorize',
    token: 'https://idp.example.com/oauth/token',
    userinfo: 'https://idp.example.com/api/me',
  },
  subjectAttribute: 'id',
  clientId: 'sesame',
  clientSecret: 'change-me-client-secret',
};

const UNUSABLE = 'Discovery failed, the issuer differs, or a URL Sesame calls is not safe to fetch (`field` names it)';

@ApiTags('providers')
@ApiBearerAuth()
@Controller('api/admin/providers')
export class ProviderController {
  constructor(
    private readonly providers: ProviderService,
    private readonly tests: TestConfigurationService,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiDoc({ summary: 'List providers', description: 'Every registered provider, in login-page order. Client secrets are never returned.' })
  @ApiOkResponse({ type: [ProviderDto] })
  async list(): Promise<ProviderDto[]> {
    return Promise.all((await this.providers.list()).map((p) => this.toDto(p)));
  }

  @Post()
  @ApiDoc({
    summary: 'Register a provider',
    description:
      'Registers an identity provider. An oidc provider is checked by reading its discovery document (the issuer must match ' +
      'exactly); an oauth2 provider needs its authorization, token and userinfo endpoints and the userinfo field that is ' +
      'the stable id (subjectAttribute). Register the answer’s callbackUrl at the provider.',
    errors: { 400: true, 409: 'A provider with this slug exists (`field`: slug)', 422: UNUSABLE },
  })
  @ApiJsonBody(CreateProviderDto, CREATE_PROVIDER_EXAMPLE)
  @ApiCreatedResponse({ type: ProviderDto })
  async create(@Body() body: CreateProviderDto, @AuditContext() context: AuditRequestContext): Promise<ProviderDto> {
    const after = await this.toDto(await this.providers.create(body));
    await this.audit.recordAdminChange({ ...context, action: 'create', entity: 'provider', entityId: after.id, before: null, after });
    return after;
  }

  @Put('order')
  @ApiDoc({
    summary: 'Set the login-page order',
    description: 'The providers listed (by id or slug) come first, in that order; the others after them.',
    errors: { 400: true, 404: 'A listed provider does not exist' },
  })
  @ApiJsonBody(ReorderProvidersDto, { ids: ['corporate'] })
  @ApiOkResponse({ type: [ProviderDto] })
  async reorder(@Body() body: ReorderProvidersDto, @AuditContext() context: AuditRequestContext): Promise<ProviderDto[]> {
    const before = (await this.providers.list()).map((p) => p.slug);
    const ids = [];
    for (const name of body.ids) ids.push((await this.providers.resolve(name)).id);
    const after = await Promise.all((await this.providers.reorder(ids)).map((p) => this.toDto(p)));
    await this.audit.recordAdminChange({
      ...context,
      action: 'update',
      entity: 'provider',
      entityId: 'order',
      before,
      after: after.map((p) => p.slug),
    });
    return after;
  }

  @Get(':idOrSlug')
  @ApiDoc({
    summary: 'Get a provider',
    description: 'One provider, by its id or its slug.',
    errors: { 404: 'No provider has that id or slug' },
  })
  @ApiParam(PROVIDER_ID_OR_SLUG)
  @ApiOkResponse({ type: ProviderDto })
  async get(@Param('idOrSlug') idOrSlug: string): Promise<ProviderDto> {
    return this.toDto(await this.providers.resolve(idOrSlug));
  }

  @Patch(':idOrSlug')
  @ApiDoc({
    summary: 'Change a provider',
    description:
      'A JSON Merge Patch of the provider: send only what changes. The merged registration is checked as a new one would ' +
      'be. `clientSecret` is write-only: a string replaces it, null removes it, leaving it out keeps it. The read-only ' +
      'members of a GET answer (id, hasClientSecret, callbackUrl, createdAt, updatedAt) are accepted and ignored.',
    errors: { 400: true, 404: 'No provider has that id or slug', 409: 'Another provider has this slug', 422: UNUSABLE },
  })
  @ApiParam(PROVIDER_ID_OR_SLUG)
  @ApiMergePatchBody(ProviderPatchDto, { displayName: 'Staff sign-in' })
  @ApiOkResponse({ type: ProviderDto })
  async update(
    @Param('idOrSlug') idOrSlug: string,
    @Body() patch: unknown,
    @AuditContext() context: AuditRequestContext,
  ): Promise<ProviderDto> {
    const current = await this.providers.resolve(idOrSlug);
    const before = await this.toDto(current);
    const merged = await patchedDocument(CreateProviderDto, withoutReadOnly(before), withoutReadOnly(patch), [
      'endpoints',
      'authorizeParams',
    ]);
    const after = await this.toDto(await this.providers.update(current.id, { ...merged }));
    await this.audit.recordAdminChange({ ...context, action: 'update', entity: 'provider', entityId: current.id, before, after });
    return after;
  }

  @Put(':idOrSlug/enabled')
  @ApiDoc({
    summary: 'Enable or disable a provider',
    description: 'A disabled provider leaves the login page and refuses sign-in; its settings stay.',
    errors: { 400: true, 404: 'No provider has that id or slug' },
  })
  @ApiParam(PROVIDER_ID_OR_SLUG)
  @ApiJsonBody(SetEnabledDto, { enabled: true })
  @ApiOkResponse({ type: ProviderDto })
  async setEnabled(
    @Param('idOrSlug') idOrSlug: string,
    @Body() body: SetEnabledDto,
    @AuditContext() context: AuditRequestContext,
  ): Promise<ProviderDto> {
    const current = await this.providers.resolve(idOrSlug);
    const before = await this.toDto(current);
    const after = await this.toDto(await this.providers.setEnabled(current.id, body.enabled));
    await this.audit.recordAdminChange({ ...context, action: 'update', entity: 'provider', entityId: current.id, before, after });
    return after;
  }

  @Delete(':idOrSlug')
  @HttpCode(204)
  @ApiDoc({
    summary: 'Delete a provider',
    description: 'Deletes the provider with its mappings, identity links and sessions. Users stay.',
    errors: { 404: 'No provider has that id or slug' },
  })
  @ApiParam(PROVIDER_ID_OR_SLUG)
  @ApiNoContentResponse({ description: 'Deleted with its mappings, identity links and sessions' })
  async delete(@Param('idOrSlug') idOrSlug: string, @AuditContext() context: AuditRequestContext): Promise<void> {
    const current = await this.providers.resolve(idOrSlug);
    const before = await this.toDto(current);
    await this.providers.delete(current.id);
    await this.audit.recordAdminChange({ ...context, action: 'delete', entity: 'provider', entityId: current.id, before, after: null });
  }

  @Post(':idOrSlug/test')
  @ApiDoc({
    summary: 'Start a Test Configuration',
    description:
      'A one-time link: open it in a browser to sign in at the provider; Sesame shows the claims it received and what the ' +
      'mappings would make of them, and signs nobody in. The result is kept for GET …/test-result.',
    errors: { 404: 'No provider has that id or slug' },
  })
  @ApiParam(PROVIDER_ID_OR_SLUG)
  @ApiCreatedResponse({ type: TestLinkDto, description: 'A one-time Test Configuration link' })
  async test(@Param('idOrSlug') idOrSlug: string): Promise<TestLinkDto> {
    const provider = await this.providers.resolve(idOrSlug);
    return this.tests.createLink(provider.id, provider.slug);
  }

  private async toDto(provider: Provider): Promise<ProviderDto> {
    return {
      ...provider,
      scopes: [...provider.scopes],
      allowedTenants: [...provider.allowedTenants],
      hasClientSecret: await this.providers.hasSecret(provider.id),
      callbackUrl: `${this.config.publicUrl}/sso/${provider.slug}/callback`,
      createdAt: (provider as Provider & { createdAt: Date }).createdAt,
    };
  }
}

function withoutReadOnly(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const copy: Record<string, unknown> = { ...value };
  for (const key of PROVIDER_READ_ONLY) delete copy[key];
  return copy;
}
