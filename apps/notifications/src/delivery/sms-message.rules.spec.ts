import { canonicalizedQuery, percentEncode, rpcSignature } from './aliyun-signature.rules';
import type { DigestItem } from './digest.rules';
import { composeSms, cut, templateVariables } from './sms-message.rules';

/** Aliyun's documented SendSms signing example (its SMS API's "HTTP协议及签名" page): GET, secret testSecret. */
const DOCUMENTED = {
  AccessKeyId: 'testId',
  Action: 'SendSms',
  Format: 'XML',
  OutId: '123',
  PhoneNumbers: '15300000001',
  RegionId: 'cn-hangzhou',
  SignName: '阿里云短信测试专用',
  SignatureMethod: 'HMAC-SHA1',
  SignatureNonce: '45e25e9b-0a6f-4070-8c85-2956eda1b466',
  SignatureVersion: '1.0',
  TemplateCode: 'SMS_71390007',
  TemplateParam: '{"customer":"test"}',
  Timestamp: '2017-07-12T02:42:19Z',
  Version: '2017-05-25',
};

function item(title: string, deadlineId = title): DigestItem {
  return {
    deadlineId,
    stage: 'notice',
    subjectType: 'report',
    subjectId: 'p',
    projectId: null,
    regionCode: '141124',
    title,
    body: '正文',
    link: null,
  };
}

const SETTINGS = {
  signName: '督办系统',
  template: '您有${count}项督办事项：${title}，请及时登录督办系统处理。',
  paramMaxChars: 35,
  maxChars: 500,
};

describe('Aliyun RPC signature (version 1.0, HMAC-SHA1)', () => {
  it("gives the documented example's signature", () => {
    expect(rpcSignature('GET', DOCUMENTED, 'testSecret')).toBe('zJDF+Lrzhj/ThnlvIToysFRq6t4=');
  });

  it('encodes as RFC 3986 (space %20, * %2A, ~ kept) and sorts by name, leaving out Signature', () => {
    expect(percentEncode("a b*~!'()")).toBe('a%20b%2A~%21%27%28%29');
    expect(canonicalizedQuery({ b: '2', a: '1', Signature: 'x' })).toBe('a=1&b=2');
    expect(rpcSignature('POST', DOCUMENTED, 'testSecret')).not.toBe(rpcSignature('GET', DOCUMENTED, 'testSecret'));
  });
});

describe('SMS text from a template (短信模板, 签名, Aliyun length rules)', () => {
  it("fills the template's variables for one item, a title's 【】 made plain (they mark the signature)", () => {
    const sms = composeSms([item('【月报退回】临县2026年10月月报被退回')], SETTINGS);
    expect(sms.params).toEqual({ count: '1', title: '月报退回：临县2026年10月月报被退回' });
    expect(sms.text).toBe('【督办系统】您有1项督办事项：月报退回：临县2026年10月月报被退回，请及时登录督办系统处理。');
  });

  it('names the first of several items, each distinct item counted once', () => {
    const sms = composeSms([item('A'), item('B'), item('A')], SETTINGS);
    expect(sms.params).toEqual({ count: '2', title: 'A等' });
  });

  it('cuts every value to 35 characters, the last an ellipsis', () => {
    const long = '临'.repeat(50);
    const sms = composeSms([item(long)], SETTINGS);
    expect([...(sms.params.title ?? '')]).toHaveLength(35);
    expect(sms.params.title?.endsWith('…')).toBe(true);
    expect(cut('短', 35)).toBe('短');
  });

  it('shortens the title further to keep the whole message, signature included, within the limit', () => {
    const sms = composeSms([item('临'.repeat(50))], { ...SETTINGS, maxChars: 40 });
    expect([...sms.text]).toHaveLength(40);
    expect(sms.params.count).toBe('1');
  });

  it('passes only the variables the template has', () => {
    expect(templateVariables('截止${title}，共${count}项，${title}')).toEqual(['title', 'count']);
    expect(composeSms([item('A')], { ...SETTINGS, template: '有${count}项待办' }).params).toEqual({ count: '1' });
  });
});
