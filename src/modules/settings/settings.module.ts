import { Global, Module } from '@nestjs/common';
import { SettingsRepository } from './infrastructure/settings.repository.js';
import { SettingsStore } from './settings.store.js';

@Global()
@Module({ providers: [SettingsRepository, SettingsStore], exports: [SettingsStore] })
export class SettingsModule {}
