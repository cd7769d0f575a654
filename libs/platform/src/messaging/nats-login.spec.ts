import { PlatformConfig } from '../config/platform-config';
import { natsLogin } from './nats-login';

const login = (env: Record<string, string>) => {
  const config = PlatformConfig.fromEnv('funding', env);
  return natsLogin(config.nats, config.process);
};

describe('the NATS login options', () => {
  it("log in as the process's user, with replies on its own inbox prefix", () => {
    expect(login({ DUBAN_NATS_URL: 'nats://funding:pw@nats-1:4222' })).toEqual({
      inboxPrefix: '_INBOX.funding',
      user: 'funding',
      pass: 'pw',
    });
    expect(login({})).toEqual({ inboxPrefix: '_INBOX.funding' });
  });

  it('require TLS when a server is given as tls://', () => {
    expect(login({ DUBAN_NATS_URL: 'tls://nats-1:4222,tls://nats-2:4222' })).toMatchObject({ tls: {} });
    expect(login({ DUBAN_NATS_URL: 'nats://nats-1:4222' })).not.toHaveProperty('tls');
  });
});
