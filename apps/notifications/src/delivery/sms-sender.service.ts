import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Clock } from '@duban/platform';
import { NotificationsConfig } from '../config';
import { rpcSignature } from './aliyun-signature.rules';
import type { SmsMessage } from './sms-message.rules';
import { WebhookError } from './webhook-sender.service';

/** Aliyun answers that sending again cannot help (a bad number, template, signature or parameter). */
const PERMANENT =
  /^isv\.(MOBILE_NUMBER_ILLEGAL|SMS_TEMPLATE_ILLEGAL|SMS_SIGNATURE_ILLEGAL|TEMPLATE_PARAMS_ILLEGAL|TEMPLATE_MISSING_PARAMETERS|PARAM_LENGTH_LIMIT|INVALID_PARAMETERS|SMS_SIGN_ILLEGAL|DENY_IP_RANGE)$/;

/** Aliyun's `Code` values are documented identifiers: safe to show (the `Message` is not shown). */
const CODE = /^[A-Za-z0-9_.]{1,64}$/;

/**
 * SMS through Aliyun's SMS API: `SendSms` (version 2017-05-25) as an RPC-style POST, signed with the
 * AccessKey secret (signature version 1.0, HMAC-SHA1: aliyun-signature.rules). Success is HTTP 200 with
 * `{"Code":"OK"}`; anything else is a failure, permanent when Aliyun says the number, template, signature or
 * a parameter is wrong. Implemented on node:crypto and fetch rather than Aliyun's SDK, which brings a
 * dozen packages for this one signed POST. Without an AccessKey pair there is no SMS endpoint at all.
 */
@Injectable()
export class SmsSender {
  constructor(
    private readonly config: NotificationsConfig,
    private readonly clock: Clock,
  ) {}

  get configured(): boolean {
    const { accessKeyId, accessKeySecret } = this.config.delivery.sms;
    return accessKeyId !== null && accessKeySecret !== null;
  }

  async send(phoneNumber: string, message: SmsMessage): Promise<void> {
    const sms = this.config.delivery.sms;
    if (!sms.accessKeyId || !sms.accessKeySecret)
      throw new WebhookError('未配置短信网关（DUBAN_SMS_ACCESS_KEY_ID）', true);
    const parameters: Record<string, string> = {
      AccessKeyId: sms.accessKeyId,
      Action: 'SendSms',
      Format: 'JSON',
      PhoneNumbers: phoneNumber,
      RegionId: 'cn-hangzhou',
      SignName: sms.signName,
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: randomUUID(),
      SignatureVersion: '1.0',
      TemplateCode: sms.templateCode,
      TemplateParam: JSON.stringify(message.params),
      // ISO 8601 in UTC without milliseconds, as the API requires.
      Timestamp: this.clock
        .now()
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z'),
      Version: '2017-05-25',
    };
    parameters.Signature = rpcSignature('POST', parameters, sms.accessKeySecret);
    let response: Response;
    try {
      response = await fetch(sms.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', accept: 'application/json' },
        body: new URLSearchParams(parameters).toString(),
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.delivery.timeoutMs),
      });
    } catch (error) {
      throw new WebhookError(`短信网关无法连接：${(error as Error).name === 'TimeoutError' ? '超时' : '连接失败'}`);
    }
    let answer: unknown = null;
    try {
      answer = await response.json();
    } catch {
      // Not JSON: the status alone says what happened.
    }
    const code = typeof answer === 'object' && answer !== null ? (answer as { Code?: unknown }).Code : undefined;
    if (response.status === 200 && code === 'OK') return;
    const named = typeof code === 'string' && CODE.test(code) ? code : null;
    throw new WebhookError(
      named ? `阿里云短信拒收（${named}）` : `短信网关应答 HTTP ${response.status}`,
      named !== null && PERMANENT.test(named),
    );
  }
}
