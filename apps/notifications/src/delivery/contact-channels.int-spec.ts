import type { ChannelAddressee } from '@duban/contracts';
import { Transactions } from '@duban/platform';
import { startNotificationsSandbox, type InProcessSandbox } from '../__fixtures__/notifications-sandbox';
import { ChannelPreferencesRepository } from './channel-preferences.repository';
import { addresseeKey, ContactChannelsRepository } from './contact-channels.repository';

/**
 * A firing chunk asks the address book once per channel for all its recipients (`endpointsOf` with many keys):
 * each key gets exactly its own enabled endpoints of that kind, in address order, and nothing of a kind it
 * opted out of.
 */
describe('the address book read for many recipients at once (real Postgres)', () => {
  let sandbox: InProcessSandbox;

  beforeAll(async () => {
    sandbox = await startNotificationsSandbox('endpoints');
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  it('gives each recipient key its own enabled e-mail addresses, in order, and none to one who opted out', async () => {
    const transactions = sandbox.app.get(Transactions);
    const contacts = sandbox.app.get(ContactChannelsRepository);
    const preferences = sandbox.app.get(ChannelPreferencesRepository);
    const person = (username: string): ChannelAddressee => ({ kind: 'user', username });
    const two = person('ep-two');
    const optedOut = person('ep-optedout');
    const disabled = person('ep-disabled');
    const officers: ChannelAddressee = { kind: 'role', role: 'county_officer', regionCode: '149901' };
    const at = new Date();
    await transactions.run(async (tx) => {
      await contacts.seed(tx, two, { kind: 'email', target: 'z-two@example.invalid', enabled: true }, at);
      await contacts.seed(tx, two, { kind: 'email', target: 'a-two@example.invalid', enabled: true }, at);
      await contacts.seed(tx, optedOut, { kind: 'email', target: 'out@example.invalid', enabled: true }, at);
      await contacts.seed(tx, disabled, { kind: 'email', target: 'off@example.invalid', enabled: false }, at);
      await contacts.seed(tx, officers, { kind: 'email', target: 'county-rsj@example.invalid', enabled: true }, at);
      await contacts.seed(
        tx,
        two,
        { kind: 'webhook', target: 'http://127.0.0.1:9/hook', format: 'generic', enabled: true },
        at,
      );
      await preferences.replace(tx, addresseeKey(optedOut), ['email'], at);
    });
    const keys = [two, optedOut, disabled, officers, person('ep-nobody')].map(addresseeKey);

    const byKey = await transactions.run((tx) => contacts.endpointsOf(tx, [...keys, keys[0] as string], 'email'));

    expect(Object.fromEntries([...byKey].map(([key, endpoints]) => [key, endpoints.map((e) => e.target)]))).toEqual({
      'user:ep-two': ['a-two@example.invalid', 'z-two@example.invalid'],
      'role:county_officer@149901': ['county-rsj@example.invalid'],
    });
  });
});
