import { Global, Module } from '@nestjs/common';
import { SettingsStore } from './settings.store.js';

@Global()
@Module({ providers: [SettingsStore], exports: [SettingsStore] })
export class SettingsModule {}
