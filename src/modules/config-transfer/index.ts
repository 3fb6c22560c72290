export { ConfigTransferModule } from './config-transfer.module.js';
export { CONFIG_FORMAT, CONFIG_VERSION, type ConfigDocument } from './domain/config-document.js';
export type { ImportReport } from './domain/import-report.js';
