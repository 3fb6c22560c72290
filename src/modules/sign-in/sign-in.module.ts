import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/index.js';
import { ProviderModule } from '../provider/index.js';
import { SignInSettingsService } from './application/sign-in-settings.service.js';
import { SignInSettingsController } from './http/sign-in-settings.controller.js';

@Module({
  imports: [DirectoryModule, ProviderModule],
  providers: [SignInSettingsService],
  controllers: [SignInSettingsController],
  exports: [SignInSettingsService],
})
export class SignInModule {}
