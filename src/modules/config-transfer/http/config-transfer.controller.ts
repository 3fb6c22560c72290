import { Body, Controller, Get, Headers, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiExtraModels, ApiHeader, ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { DomainError } from '../../../common/domain-error.js';
import { ApiDoc } from '../../../common/swagger.js';
import { ApiCaller, requireAdminScope, type ApiPrincipal } from '../../api-token/index.js';
import { AuditContext, AuditService, type AuditRequestContext } from '../../audit/index.js';
import { ConfigExportService } from '../application/config-export.service.js';
import { ConfigImportService } from '../application/config-import.service.js';
import { PASSPHRASE_HEADER, MIN_PASSPHRASE_LENGTH, readPassphrase } from '../application/document-secrets.js';
import type { ConfigDocument } from '../domain/config-document.js';
import type { ImportReport } from '../domain/import-report.js';
import { ConfigDocumentDto } from './config-document.dto.js';
import { ExportQueryDto, ImportQueryDto, ImportReportDto } from './config-transfer.dto.js';

const DOCUMENT_HELP =
  '`{ format: "sesame-config", version: 1, exportedAt, secretsSalt?, providers: [{ slug, displayName, kind, preset, issuer, endpoints, ' +
  'clientId, scopes, …, userMapping, groupMapping, sealedClientSecret? }], signInSettings, redirectRules, lookAndFeel }`. ' +
  'Providers are referred to by slug everywhere, so a document moves between instances. Two exports of the same configuration ' +
  'are equal once `exportedAt` (and, with secrets, `secretsSalt` and the sealed values) are left out.';

const PASSPHRASE = {
  name: PASSPHRASE_HEADER,
  required: false,
  description: `At least ${MIN_PASSPHRASE_LENGTH} characters; seals (export) or opens (import) the secrets. A header, so it is never in a URL or a log.`,
};

@ApiTags('configuration')
@ApiBearerAuth()
@Controller('api/admin/config')
export class ConfigTransferController {
  constructor(
    private readonly exporter: ConfigExportService,
    private readonly importer: ConfigImportService,
    private readonly audit: AuditService,
  ) {}

  @Get('export')
  @ApiDoc({
    summary: 'Export the configuration',
    description: `The whole configuration as one document: ${DOCUMENT_HELP} Secrets are left out unless includeSecrets=true.`,
    errors: {
      400: 'A query parameter is not valid, or includeSecrets=true without a passphrase of at least 12 characters',
      403: 'includeSecrets=true with a token whose scope is not "admin", or a network the sign-in settings do not allow',
    },
  })
  @ApiHeader(PASSPHRASE)
  @ApiOkResponse({ type: ConfigDocumentDto, description: 'The configuration document' })
  async export(
    @Query() query: ExportQueryDto,
    @Headers(PASSPHRASE_HEADER) header: string | undefined,
    @ApiCaller() caller: ApiPrincipal | undefined,
    @AuditContext() context: AuditRequestContext,
  ): Promise<ConfigDocument> {
    const withSecrets = query.includeSecrets === 'true';
    // Sealed or not, the secrets are the caller's once it knows the passphrase it chose.
    if (withSecrets) requireAdminScope(caller, 'Exporting secrets (includeSecrets=true)');
    const passphrase = readPassphrase(header);
    if (withSecrets && passphrase === undefined) {
      throw new DomainError('VALIDATION_FAILED', 'X-Sesame-Passphrase: is required with includeSecrets=true', {
        errors: [{ field: 'X-Sesame-Passphrase', reason: 'is required with includeSecrets=true' }],
      });
    }
    const document = await this.exporter.export(withSecrets ? passphrase : undefined);
    await this.audit.record({
      type: 'config_export',
      outcome: 'success',
      ...context,
      // What was sealed in, by name (never a value): the providers whose client secret, and the backdoor key.
      details: {
        secretsIncluded: withSecrets,
        sealed: {
          providers: document.providers.filter((p) => p.sealedClientSecret).map((p) => p.slug),
          backdoorKey: document.signInSettings?.backdoor.sealedKey !== undefined,
        },
      },
    });
    return document;
  }

  @Post('import')
  @HttpCode(200)
  @ApiHeader(PASSPHRASE)
  @ApiExtraModels(ConfigDocumentDto)
  @ApiBody({
    description: `${DOCUMENT_HELP} Each provider may carry a plain clientSecret instead of a sealed one.`,
    schema: { $ref: getSchemaPath(ConfigDocumentDto) },
    examples: {
      example: {
        summary: 'A working example: the look and feel alone',
        value: {
          format: 'sesame-config',
          version: 1,
          providers: [],
          lookAndFeel: {
            loginButtonText: 'Sign in with {{ provider.displayName }}',
            loginTemplate: null,
            errorTemplate: null,
            logoutTemplate: null,
            errorMessages: {},
            postLogoutUrl: null,
          },
        },
      },
    },
  })
  @ApiDoc({
    summary: 'Import a configuration',
    description:
      'Applies a configuration document (from an export, here or on another instance) in one transaction: the providers it ' +
      'has are created or updated, the settings documents it has are replaced; everything else is left alone. Older ' +
      'documents import too (a provider’s `trustedForEmail` is read as `trustEmail`).',
    errors: {
      400: 'The body is not JSON, or a query parameter or the passphrase is not valid',
      422: 'Every problem of the document, each with its path; nothing was changed',
    },
  })
  @ApiOkResponse({ type: ImportReportDto, description: 'Applied in one transaction (or, with dryRun=true, what would change)' })
  import(
    @Body() body: unknown,
    @Query() query: ImportQueryDto,
    @Headers(PASSPHRASE_HEADER) header: string | undefined,
    @AuditContext() context: AuditRequestContext,
  ): Promise<ImportReport> {
    return this.importer.import(body, { dryRun: query.dryRun === 'true', passphrase: readPassphrase(header), context });
  }
}
