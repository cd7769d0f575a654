import { System } from '../system';
import { Browser, clickToSend, expectVisible, inChromium, DEMO_FOR_BROWSERS } from './browser';

interface Account {
  username: string;
  role: string;
  regionCodes: string[];
}

/**
 * 人员管理 in Chromium against the five apps as processes: the province administrator gives a new county
 * officer 临县 by typing its name in 地区范围 (no code to know), the account is made with 临县's code and the list
 * names it; a city officer's picker offers only their city and its counties.
 */
describe('人员管理 in Chromium (five apps as processes, real Postgres, Redis, NATS)', () => {
  let system: System;

  const { open } = inChromium({
    system: () => system,
    start: async () => {
      system = await System.start('people', DEMO_FOR_BROWSERS);
    },
  });

  it('creates a county officer for 临县 chosen by name, and the list names the region', async () => {
    const page = await open('province', '/people');
    await page.getByRole('button', { name: '新建账号' }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '新建账号' });
    await dialog.getByLabel('用户名').fill('wangfang');
    await dialog.getByLabel('姓名或单位').fill('王芳');
    await dialog.getByLabel('角色').click();
    await page.locator('.ant-select-item-option[title="县级专班"]:visible').click();
    await dialog.getByLabel('地区范围').fill('临县');
    await page.locator('.ant-select-tree-title', { hasText: /^临县$/ }).click();
    await expectVisible(dialog.locator('.ant-select-selection-item[title="临县"]'));
    // A multiple choice stays open for more; closed, as a person closes it, before 创建.
    await page.keyboard.press('Escape');
    const creating = clickToSend(dialog.getByRole('button', { name: /创\s*建/ }), 'POST', '/api/accounts');
    expect((await creating).status()).toBe(201);
    await expectVisible(page.getByText(/临时密码只显示这一次/));
    await page.getByRole('button', { name: '我已记下' }).click();

    const row = page.getByRole('row').filter({ hasText: 'wangfang' });
    await expectVisible(row.getByRole('cell', { name: '临县', exact: true }));
    const accounts: Account[] = (await system.call('province', '/api/accounts')).body;
    expect(accounts.find((account) => account.username === 'wangfang')).toMatchObject({
      role: 'county_officer',
      regionCodes: ['141124'],
    });
    await Browser.screenshot(page, 'people-created-by-region-name');
  }, 180_000);

  it('offers a city officer only their city and its counties', async () => {
    const page = await open('lvliang', '/people');
    await page.getByRole('button', { name: '新建账号' }).click();
    const field = page.getByRole('dialog').getByLabel('地区范围');
    await field.click();
    const nodes = page.locator('.ant-select-tree-treenode:visible');
    // Opened on their city: its counties in view. The province above shows the way and cannot be chosen.
    await expectVisible(nodes.filter({ hasText: '离石区' }));
    await expectVisible(page.locator('.ant-select-tree-treenode-disabled', { hasText: '山西省' }));
    await Browser.screenshot(page, 'people-city-officer-regions');
    // Found by name: the last of 吕梁市's 13 counties, and nothing of another city.
    await field.fill('汾阳');
    await expectVisible(nodes.filter({ hasText: '汾阳市' }));
    await field.fill('太原');
    await expectVisible(page.getByText('没有这个地区'));
    expect(await nodes.count()).toBe(0);
  }, 120_000);
});
