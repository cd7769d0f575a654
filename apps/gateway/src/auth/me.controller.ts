import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Actor } from '@duban/contracts';
import { CurrentActor } from './current-actor.decorator';
import { ActorDto } from './dto/login.dto';

@ApiTags('auth')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  @Get()
  @ApiOperation({ summary: 'The caller: role and the regions whose subtree they may see' })
  @ApiOkResponse({ type: ActorDto })
  @ApiUnauthorizedResponse({ description: 'No bearer token, or one that is invalid or expired' })
  me(@CurrentActor() actor: Actor): Actor {
    return actor;
  }
}
