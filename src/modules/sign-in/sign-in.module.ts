import { Module } from '@nestjs/common';
import { SignInSettingsService } from './application/sign-in-settings.service.js';
import { SignInSettingsController } from './http/sign-in-settings.controller.js';

@Module({
  providers: [SignInSettingsService],
  controllers: [SignInSettingsController],
  exports: [SignInSettingsService],
})
export class SignInModule {}
