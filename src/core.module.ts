import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppConfig } from './config/index.js';
import { ChangeBus } from './common/change-bus.js';
import { LOGGER } from './common/logger.js';
import { Clock } from './common/clock.js';
import { SecretBox } from './common/secret-box.js';

/** What every module may inject: configuration, logger, change bus, clock and the secret box. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, logger: Logger, changes: ChangeBus, clock: Clock): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: ChangeBus, useValue: changes },
        { provide: Clock, useValue: clock },
        { provide: SecretBox, useValue: new SecretBox(config.secretKey, config.secretKeyPrevious) },
      ],
      exports: [AppConfig, LOGGER, ChangeBus, Clock, SecretBox],
    };
  }
}
