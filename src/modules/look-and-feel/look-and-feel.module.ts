import { Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../../common/logger.js';
import { LookAndFeelController } from './look-and-feel.controller.js';
import { LookAndFeelErrorPageRenderer } from './look-and-feel-error-page.renderer.js';
import { LookAndFeelService } from './look-and-feel.service.js';
import { PageRenderer } from './page-renderer.js';
import { Pages } from './pages.js';

@Module({
  providers: [
    {
      provide: PageRenderer,
      inject: [LOGGER],
      useFactory: (logger: Logger) =>
        new PageRenderer((failure) => logger.warn({ template: failure }, 'custom page template failed; served the built-in page')),
    },
    LookAndFeelService,
    LookAndFeelErrorPageRenderer,
    Pages,
  ],
  controllers: [LookAndFeelController],
  exports: [PageRenderer, LookAndFeelService, LookAndFeelErrorPageRenderer, Pages],
})
export class LookAndFeelModule {}
