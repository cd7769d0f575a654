import { Injectable, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccountsModule } from '../accounts/accounts.module';
import { AuditModule } from '../audit/audit.module';
import { GatewayConfig } from '../config';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { AuthenticationGuard } from './authentication.guard';
import { MeController } from './me.controller';
import { SessionAdmission } from './session-admission';
import { TokenRevocations } from './token-revocations.service';
import { TokenService } from './token.service';

/** Says so at start when tokens are signed with the public demo secret. */
@Injectable()
class DemoSecretWarning implements OnApplicationBootstrap {
  constructor(private readonly config: GatewayConfig) {}

  onApplicationBootstrap(): void {
    if (this.config.auth.usesDemoSecret) {
      new Logger('Auth').warn(
        'DUBAN_AUTH_SECRET is not set: tokens are signed with the public demo secret (demo mode only)',
      );
    }
  }
}

/**
 * Login and logout, access tokens and their revocations, and the global guard that requires a valid one on
 * every route not marked `@Public()`.
 */
@Module({
  imports: [AccountsModule, AuditModule],
  controllers: [AuthController, MeController],
  providers: [
    AuthService,
    TokenService,
    TokenRevocations,
    SessionAdmission,
    DemoSecretWarning,
    { provide: APP_GUARD, useClass: AuthenticationGuard },
  ],
  exports: [TokenRevocations, SessionAdmission],
})
export class AuthModule {}
