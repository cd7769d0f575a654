import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Actor } from '@duban/contracts';
import { AccountAdministration } from '../accounts/account-admin.service';
import { docs } from '../accounts/accounts.docs';
import { changePasswordBodySchema, type ChangePasswordBody } from '../accounts/dto/account.dto';
import { HttpRoute } from '../core/route.decorator';
import { AllowedBeforePasswordChange, CurrentActor } from './current-actor.decorator';
import { ActorDto } from './dto/login.dto';

@ApiTags('auth')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(private readonly administration: AccountAdministration) {}

  @Get()
  @AllowedBeforePasswordChange()
  @ApiOperation({ summary: 'The caller: role and the regions whose subtree they may see' })
  @ApiOkResponse({ type: ActorDto })
  @ApiUnauthorizedResponse({ description: 'No bearer token, or one that is invalid or expired' })
  me(@CurrentActor() actor: Actor): Actor {
    return actor;
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
