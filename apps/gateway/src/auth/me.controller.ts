import { Controller, Get, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Actor } from '@duban/contracts';
import { AccountAdministration } from '../accounts/account-admin.service';
import { docs } from '../accounts/accounts.docs';
import { changePasswordBodySchema, type ChangePasswordBody } from '../accounts/dto/account.dto';
import { HttpRoute } from '../core/route.decorator';
import { AllowedBeforePasswordChange, CurrentActor, type AuthenticatedRequest } from './current-actor.decorator';
import { MeDto } from './dto/login.dto';

@ApiTags('auth')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(private readonly administration: AccountAdministration) {}

  @Get()
  @AllowedBeforePasswordChange()
  @ApiOperation({
    summary: 'The caller: role, the regions whose subtree they may see, and whether the password must be changed',
  })
  @ApiOkResponse({ type: MeDto })
  @ApiUnauthorizedResponse({ description: 'No bearer token, or one that is invalid or expired' })
  me(@CurrentActor() actor: Actor, @Req() request: AuthenticatedRequest): Actor & { mustChangePassword: boolean } {
    return { ...actor, mustChangePassword: request.mustChangePassword === true };
  }

  @HttpRoute('POST password', {
    ...docs.changePassword,
    body: changePasswordBodySchema,
    status: 200,
  })
  @AllowedBeforePasswordChange()
  async changePassword(actor: Actor, body: ChangePasswordBody): Promise<{ changed: true }> {
    await this.administration.changeOwnPassword(actor, body);
    return { changed: true };
  }
}
