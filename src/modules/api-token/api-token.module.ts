import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiTokenEntity } from './api-token.entity.js';
import { ApiTokenService } from './api-token.service.js';
import { ApiTokensRepository } from './infrastructure/api-tokens.repository.js';
import { BearerStrategy } from './bearer.strategy.js';
import { AdminApiGuard } from './admin-api.guard.js';
import { ApiTokenController } from './api-token.controller.js';
import { AdminCallerController } from './admin-caller.controller.js';

@Module({
  imports: [PassportModule, TypeOrmModule.forFeature([ApiTokenEntity])],
  providers: [ApiTokensRepository, ApiTokenService, BearerStrategy, { provide: APP_GUARD, useClass: AdminApiGuard }],
  controllers: [ApiTokenController, AdminCallerController],
  exports: [ApiTokenService],
})
export class ApiTokenModule {}
