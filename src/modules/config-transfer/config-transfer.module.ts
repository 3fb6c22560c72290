import { Module } from '@nestjs/common';
import { AccessRulesModule } from '../access-rules/index.js';
import { GroupMappingModule } from '../group-mapping/index.js';
import { LookAndFeelModule } from '../look-and-feel/index.js';
import { ProviderModule } from '../provider/index.js';
import { RedirectRulesModule } from '../redirect-rules/index.js';
import { SignInModule } from '../sign-in/index.js';
import { UserMappingModule } from '../user-mapping/index.js';
import { ConfigExportService } from './application/config-export.service.js';
import { ConfigImportService } from './application/config-import.service.js';
import { ConfigImportValidator } from './application/config-import.validator.js';
import { ConfigTransferController } from './http/config-transfer.controller.js';

/** Backup and restore: the whole configuration as one document, and its validated, all-or-nothing import. */
@Module({
  imports: [AccessRulesModule, ProviderModule, UserMappingModule, GroupMappingModule, SignInModule, RedirectRulesModule, LookAndFeelModule],
  providers: [ConfigExportService, ConfigImportService, ConfigImportValidator],
  controllers: [ConfigTransferController],
})
export class ConfigTransferModule {}
