import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppConfig } from './config/index.js';
import { ChangeBus } from './common/change-bus.js';
import { LOGGER } from './common/logger.js';

/** What every module may inject: the configuration, the logger and the change bus. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, logger: Logger, changes: ChangeBus): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: ChangeBus, useValue: changes },
      ],
      exports: [AppConfig, LOGGER, ChangeBus],
    };
  }
}
