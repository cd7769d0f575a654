import { classifyAddress, classifyHost, webhookUrlProblem } from './webhook-address.rules';

describe('where a webhook may point', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.1.2', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['192.168.1.1', 'private'],
    ['::ffff:192.168.1.1', 'private'],
    ['64:ff9b::a00:1', 'private'], // NAT64 of 10.0.0.1
    ['2002:c0a8:101::1', 'private'], // 6to4 of 192.168.1.1
    ['169.254.169.254', 'link_local'],
    ['fe80::1', 'link_local'],
    ['fe80::1%eth0', 'link_local'],
    ['febf::1', 'link_local'],
    ['fc00::1', 'unique_local'],
    ['fd12:3456::1', 'unique_local'],
    ['100.64.0.1', 'shared'],
    ['100.127.255.255', 'shared'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::7f00:1', 'reserved'],
    ['2001:db8::1', 'reserved'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it.each([
    '8.8.8.8',
    '172.15.255.255',
    '172.32.0.1',
    '100.63.255.255',
    '100.128.0.1',
    '2400:3200::1',
    '::ffff:8.8.8.8',
  ])('%s is public', (address) => {
    expect(classifyAddress(address)).toBeNull();
  });

  it('reads hosts as the URL parser leaves them, IP literals in any spelling', () => {
    const host = (url: string) => classifyHost(new URL(url).hostname);
    expect(host('https://2130706433/')).toBe('loopback'); // 127.0.0.1 as one number
    expect(host('https://0x7f.1/')).toBe('loopback');
    expect(host('https://[::ffff:7f00:1]/')).toBe('loopback');
    expect(host('https://[0:0:0:0:0:ffff:a00:1]/')).toBe('private');
    expect(host('https://LOCALHOST./')).toBe('loopback');
    expect(host('https://api.localhost/')).toBe('loopback');
    expect(host('https://redis/')).toBe('internal_name');
    expect(host('https://metadata.google.internal/')).toBe('internal_name');
    expect(host('https://printer.local/')).toBe('internal_name');
    expect(host('https://oapi.dingtalk.com/')).toBeNull();
  });

  it('refuses every non-public host at save time; the test switch opens loopback only', () => {
    expect(webhookUrlProblem('https://oapi.dingtalk.com/robot/send?access_token=x', false)).toBeNull();
    expect(webhookUrlProblem('https://127.0.0.1/hook', false)).toBe('不能指向本机回环地址');
    expect(webhookUrlProblem('https://[::1]/hook', false)).toBe('不能指向本机回环地址');
    expect(webhookUrlProblem('http://127.0.0.1:8080/hook', false)).toBe('不能指向本机回环地址');
    expect(webhookUrlProblem('https://localhost/hook', false)).toBe('不能指向本机回环地址');
    expect(webhookUrlProblem('https://10.0.0.8/hook', false)).toBe('不能指向内网地址');
    expect(webhookUrlProblem('https://[fd00::8]/hook', false)).toBe('不能指向IPv6 唯一本地（内网）地址');

    expect(webhookUrlProblem('http://127.0.0.1:8080/hook', true)).toBeNull();
    expect(webhookUrlProblem('https://[::1]/hook', true)).toBeNull();
    for (const url of [
      'https://10.0.0.8/hook',
      'https://172.20.1.1/hook',
      'https://192.168.0.1/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://[fe80::1]/hook',
      'https://[fc00::1]/hook',
      'https://100.64.1.1/hook',
      'https://0.0.0.0/hook',
      'https://224.0.0.1/hook',
      'https://[ff02::1]/hook',
      'https://[::ffff:10.0.0.1]/hook',
      'https://nats/hook',
    ])
      expect([url, webhookUrlProblem(url, true)]).toEqual([url, expect.stringMatching(/^不能指向/)]);
    expect(webhookUrlProblem('http://example.com/hook', true)).toBe('必须是 https 地址');
  });
});
