import { Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@duban/contracts';
import { z } from 'zod';
import { openApiSchema } from '../core/openapi-schema';
import { ID, type IdParams } from '../core/route-params';
import { HttpRoute } from '../core/route.decorator';
import { ADMINISTRATOR_ROLES } from './account-admin-rules';
import { AccountAdministration } from './account-admin.service';
import { docs } from './accounts.docs';
import {
  accountViewSchema,
  accountWithPasswordSchema,
  createAccountBodySchema,
  updateAccountBodySchema,
  type AccountView,
  type AccountWithPassword,
  type CreateAccountBody,
  type UpdateAccountBody,
} from './dto/account.dto';

const roles = ADMINISTRATOR_ROLES as unknown as ['province_admin', 'city_officer'];

/** People: the accounts the gateway owns, administered by the province and by each city for its counties. */
@ApiTags('accounts')
@ApiBearerAuth()
@Controller('accounts')
export class AccountsController {
  constructor(private readonly administration: AccountAdministration) {}

  @HttpRoute('GET', { ...docs.list, roles, answer: openApiSchema(z.array(accountViewSchema), 'output') })
  list(actor: Actor): Promise<AccountView[]> {
    return this.administration.list(actor);
  }

  @HttpRoute('POST', {
    ...docs.create,
    roles,
    body: createAccountBodySchema,
    answer: openApiSchema(accountWithPasswordSchema, 'output'),
  })
  create(actor: Actor, body: CreateAccountBody): Promise<AccountWithPassword> {
    return this.administration.create(actor, body);
  }

  @HttpRoute('PATCH :id', {
    ...docs.update,
    roles,
    params: ID.account,
    body: updateAccountBodySchema,
    answer: openApiSchema(accountViewSchema, 'output'),
  })
  update(actor: Actor, { id }: IdParams, body: UpdateAccountBody): Promise<AccountView> {
    return this.administration.update(actor, id, body);
  }

  @HttpRoute('POST :id/reset-password', {
    ...docs.resetPassword,
    roles,
    params: ID.account,
    status: 200,
    answer: openApiSchema(accountWithPasswordSchema, 'output'),
  })
  resetPassword(actor: Actor, { id }: IdParams): Promise<AccountWithPassword> {
    return this.administration.resetPassword(actor, id);
  }
}
