import { Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { GetMyChannelPreferencesRpc, PutMyChannelPreferencesRpc, channelPreferencesSchema } from '@duban/contracts';
import { PROBLEM } from '../core/openapi-schema';
import { RpcRoute } from '../core/route.decorator';

const docs = {
  get: { summary: '本人的通知偏好：不接收的渠道', ok: '`optedOut`：不接收的渠道（email、webhook、sms）' },
  put: {
    summary: '修改本人的通知偏好（如退订短信）',
    description: '列出的渠道今后不再向本人发送（站内通知始终保留）；其余渠道按通讯录发送。',
    ok: '修改后的偏好',
    400: PROBLEM.badRequest,
  },
};

/** The caller's own notification preferences, kept by the notifications service. */
@ApiTags('notifications')
@ApiBearerAuth()
@ApiResponse({ status: 400, description: PROBLEM.badRequest })
@Controller()
export class PreferencesController {
  @RpcRoute(GetMyChannelPreferencesRpc, 'GET me/notification-preferences', docs.get)
  get() {}

  @RpcRoute(PutMyChannelPreferencesRpc, 'PUT me/notification-preferences', {
    ...docs.put,
    body: channelPreferencesSchema,
    status: 200,
  })
  put() {}
}
