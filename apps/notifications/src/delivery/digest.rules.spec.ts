import { composeDigest, truncateUtf8, webhookBody, type DigestItem } from './digest.rules';

function item(n: number, overrides: Partial<DigestItem> = {}): DigestItem {
  return {
    deadlineId: `d-${n}`,
    stage: 'overdue-1',
    subjectType: 'milestone',
    subjectId: `m-${n}`,
    projectId: null,
    regionCode: '141124',
    title: `【逾期提醒】临县「节点${n}」已逾期1天`,
    body: `临县公益性零工市场的「节点${n}」应于2023年5月4日（当日24时前）完成，至今未完成，已逾期1天。`,
    link: `/projects/p/milestones/m-${n}`,
    ...overrides,
  };
}

const nine = new Date('2023-05-05T01:00:00Z');

describe('digest (several reminders at one instant, one message)', () => {
  it('one reminder goes out under its own title', () => {
    const digest = composeDigest([item(1)], nine);
    expect(digest.subject).toBe('【逾期提醒】临县「节点1」已逾期1天');
    expect(digest.text).toContain('应于2023年5月4日');
    expect(digest.text).toContain('2023年5月5日 09:00');
  });

  it('several are listed, numbered, under one subject; the same reminder for two addressees once', () => {
    const digest = composeDigest([item(1), item(2), item(1), item(3)], nine);
    expect(digest.subject).toBe('【督办汇总】您有3项提醒（2023年5月5日 09:00）');
    expect(digest.text).toMatch(
      /1\. 【逾期提醒】临县「节点1」[\s\S]*2\. 【逾期提醒】临县「节点2」[\s\S]*3\. 【逾期提醒】临县「节点3」/,
    );
  });

  it('the DingTalk and WeCom robots get their text shape; generic JSON carries the items', () => {
    for (const format of ['dingtalk', 'wecom'] as const) {
      const body = webhookBody(format, [item(1), item(2)], nine) as { msgtype: string; text: { content: string } };
      expect(Object.keys(body).sort()).toEqual(['msgtype', 'text']);
      expect(body.msgtype).toBe('text');
      expect(body.text.content).toContain('【督办汇总】您有2项提醒');
      expect(body.text.content).toContain('「节点2」');
    }
    const generic = webhookBody('generic', [item(1), item(2)], nine) as { items: unknown[]; subject: string };
    expect(generic.items).toHaveLength(2);
    expect(generic.subject).toContain('2项');
  });

  it('WeCom texts are cut to 2048 bytes of UTF-8 on a character boundary', () => {
    const many = Array.from({ length: 40 }, (_, i) => item(i));
    const body = webhookBody('wecom', many, nine) as { text: { content: string } };
    expect(Buffer.byteLength(body.text.content, 'utf8')).toBeLessThanOrEqual(2048);
    expect(body.text.content.endsWith('…（内容过长，详见督办系统）')).toBe(true);
    expect(truncateUtf8('短', 2048)).toBe('短');
  });
});
