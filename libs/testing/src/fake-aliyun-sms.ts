import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One SMS the fake accepted: what a phone would receive. */
export interface FakeSms {
  readonly phoneNumber: string;
  readonly signName: string;
  readonly templateCode: string;
  readonly params: Record<string, string>;
}

/** One request as the fake answered it (accepted or refused, with Aliyun's `Code`). */
export interface FakeSmsRequest {
  readonly code: string;
  readonly parameters: Record<string, string>;
}

export interface FakeAliyunSmsOptions {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  /** Aliyun's rule for a 短信通知 variable: at most this many characters per value (35). */
  readonly paramMaxChars?: number;
}

/**
 * A stand-in for Aliyun's SMS API (dysmsapi, `SendSms` 2017-05-25) on 127.0.0.1, for tests. It checks a
 * request as Aliyun documents it, with its own code (not the adapter's): the common parameters, the RPC
 * signature (version 1.0, HMAC-SHA1 over `METHOD&%2F&percentEncode(sorted, encoded parameters)` with
 * `secret&`), a nonce used once, a mainland number, a JSON `TemplateParam` whose values are at most
 * `paramMaxChars` characters. It answers `{"Code":"OK",…}` or Aliyun's error codes, and keeps every
 * accepted message.
 */
export class FakeAliyunSms {
  readonly sent: FakeSms[] = [];
  readonly requests: FakeSmsRequest[] = [];
  private readonly nonces = new Set<string>();

  private constructor(
    private readonly server: Server,
    private readonly options: FakeAliyunSmsOptions,
  ) {}

  static async start(options: FakeAliyunSmsOptions): Promise<FakeAliyunSms> {
    let fake: FakeAliyunSms | null = null;
    const server = createServer((request, response) => {
      void fake?.answer(request).then(
        ({ status, body }) => {
          response.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
          response.end(JSON.stringify(body));
        },
        () => {
          response.writeHead(500);
          response.end();
        },
      );
    });
    fake = new FakeAliyunSms(server, options);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** The endpoint to configure (`DUBAN_SMS_ENDPOINT`). */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  /** The messages one number received. */
  to(phoneNumber: string): FakeSms[] {
    return this.sent.filter((sms) => sms.phoneNumber === phoneNumber);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async answer(request: IncomingMessage): Promise<{ status: number; body: Record<string, unknown> }> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const method = request.method === 'GET' ? 'GET' : 'POST';
    const query = new URL(request.url ?? '/', 'http://127.0.0.1').searchParams;
    const form = new URLSearchParams(method === 'POST' ? Buffer.concat(chunks).toString('utf8') : '');
    const parameters: Record<string, string> = {};
    for (const [name, value] of [...query, ...form]) parameters[name] = value;
    const refuse = (status: number, code: string) => {
      this.requests.push({ code, parameters });
      return { status, body: { Code: code, Message: code, RequestId: 'fake' } };
    };

    const required = [
      'AccessKeyId',
      'Action',
      'Format',
      'PhoneNumbers',
      'RegionId',
      'SignName',
      'SignatureMethod',
      'SignatureNonce',
      'SignatureVersion',
      'TemplateCode',
      'Timestamp',
      'Version',
      'Signature',
    ];
    if (required.some((name) => !parameters[name])) return refuse(400, 'MissingParameter');
    if (parameters.Action !== 'SendSms' || parameters.Version !== '2017-05-25') return refuse(400, 'InvalidAction');
    if (parameters.SignatureMethod !== 'HMAC-SHA1' || parameters.SignatureVersion !== '1.0')
      return refuse(400, 'InvalidSignatureMethod');
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(parameters.Timestamp ?? ''))
      return refuse(400, 'InvalidTimeStamp.Format');
    if (parameters.AccessKeyId !== this.options.accessKeyId) return refuse(404, 'InvalidAccessKeyId.NotFound');
    if (!signatureMatches(method, parameters, this.options.accessKeySecret))
      return refuse(400, 'SignatureDoesNotMatch');
    if (this.nonces.has(parameters.SignatureNonce ?? '')) return refuse(400, 'SignatureNonceUsed');
    this.nonces.add(parameters.SignatureNonce ?? '');

    const phoneNumber = parameters.PhoneNumbers ?? '';
    if (!/^1[3-9]\d{9}$/.test(phoneNumber)) return refuse(200, 'isv.MOBILE_NUMBER_ILLEGAL');
    let params: Record<string, string>;
    try {
      params = JSON.parse(parameters.TemplateParam ?? '{}') as Record<string, string>;
    } catch {
      return refuse(200, 'isv.TEMPLATE_PARAMS_ILLEGAL');
    }
    const max = this.options.paramMaxChars ?? 35;
    if (Object.values(params).some((value) => typeof value !== 'string' || [...value].length > max))
      return refuse(200, 'isv.PARAM_LENGTH_LIMIT');
    this.sent.push({
      phoneNumber,
      signName: parameters.SignName ?? '',
      templateCode: parameters.TemplateCode ?? '',
      params,
    });
    this.requests.push({ code: 'OK', parameters });
    return { status: 200, body: { Code: 'OK', Message: 'OK', BizId: `fake-${this.sent.length}`, RequestId: 'fake' } };
  }
}

/** The documented percent-encoding: UTF-8, unreserved A–Z a–z 0–9 - _ . ~ kept, everything else %XY. */
function encode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function signatureMatches(method: string, parameters: Record<string, string>, secret: string): boolean {
  const canonical = Object.keys(parameters)
    .filter((name) => name !== 'Signature')
    .sort()
    .map((name) => `${encode(name)}=${encode(parameters[name] ?? '')}`)
    .join('&');
  const expected = createHmac('sha1', `${secret}&`)
    .update(`${method}&${encode('/')}&${encode(canonical)}`, 'utf8')
    .digest();
  const given = Buffer.from(parameters.Signature ?? '', 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
