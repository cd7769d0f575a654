import { waitFor } from '@duban/testing';
import type { Page } from 'playwright-core';
import { System } from '../system';
import { clickToSend, expectVisible, pick, DEMO_FOR_BROWSERS } from './browser';

interface Annex4Row {
  regionCode: string;
  countyName: string;
  specialWan: string;
}

/** 临县's row of 附件4 for `region`, as the province reads it over HTTP. */
export async function linxianAnnex4(system: System, region: string): Promise<Annex4Row> {
  const annex4 = await system.call('province', `/api/funding/annex4?region=${region}`);
  return (annex4.body.rows as Annex4Row[]).find((row) => row.regionCode === '141124')!;
}

/**
 * The five apps with the demo data, once 临县's project is loaded and the demo's allocations are written
 * (funding writes them once it knows the counties: 临县 then holds its fixed 10.00万元). Logins are not
 * limited: a browser test logs many people in from one address.
 */
export async function startWithDemoFunding(label: string): Promise<{ system: System; projectId: string }> {
  const system = await System.start(label, DEMO_FOR_BROWSERS);
  const projectId = await system.linxianProjectId();
  await waitFor(
    'the demo allocations',
    () => linxianAnnex4(system, '140000'),
    (row) => row?.specialWan === '10.00',
    { timeoutMs: 60_000, intervalMs: 500 },
  );
  return { system, projectId };
}

/**
 * On /funding, logged in as the province: the calculator's equal allocation of 260.00万元 over 吕梁's counties,
 * previewed (nothing written), committed after the confirmation, and 附件4 showing 临县's new figure.
 * Returns 临县's special-fund figure after the commit. The demo's allocations must be in place.
 */
export async function provinceCommitsLvliangAllocation(system: System, page: Page): Promise<string> {
  const linxianRow = () => page.locator('tr').filter({ has: page.getByRole('cell', { name: '临县', exact: true }) });
  await expectVisible(linxianRow().getByText('10.00'));

  await page.getByRole('tab', { name: '测算分配' }).click();
  await pick(page, '分配范围', '吕梁市');
  await page.getByText('等额', { exact: true }).click();
  // Below what 吕梁's counties hold from the demo's spread (about 30万元 each), so the budget is not exceeded.
  await page.getByLabel('分配总额（万元）').fill('260.00');
  await page.getByRole('button', { name: '测算预览' }).click();
  await expectVisible(page.getByText('测算结果（尚未提交）'));
  // A preview writes nothing.
  expect((await linxianAnnex4(system, '140000')).specialWan).toBe('10.00');

  await page.getByRole('button', { name: '提交分配' }).click();
  const confirm = page.getByRole('dialog').filter({ hasText: '不可撤销' });
  // On a busy machine the commit (13 counties' allocations, audited) may take a while: wait for its answer,
  // then for what the page says of it.
  const committing = clickToSend(
    confirm.getByRole('button', { name: '确认提交' }),
    'POST',
    '/api/funding/calculator/commit',
  );
  expect((await committing).ok()).toBe(true);
  await expectVisible(page.getByText(/已提交：财政专项资金 260.00万元/));

  const after = await linxianAnnex4(system, '140000');
  expect(after.specialWan).not.toBe('10.00');
  await page.getByRole('tab', { name: /附件4/ }).click();
  await expectVisible(linxianRow().getByText(after.specialWan, { exact: true }));
  return after.specialWan;
}

/**
 * 临县 records a flagged expenditure (employment fund for fit-out) over HTTP; on the project's 资金 tab,
 * opened as the city by `open`, it is reversed after saying why and confirming. Checks the ledger: the
 * original marked reversed by a -2.50万元 entry with the reason. Returns the expenditure's id.
 */
export async function cityReversesExpenditure(
  system: System,
  open: (username: string, path: string) => Promise<Page>,
  projectId: string,
  payee: string,
  reason: string,
): Promise<{ page: Page; expenditureId: string }> {
  const recorded = await system.call('linxian', `/api/projects/${projectId}/expenditures`, {
    method: 'POST',
    body: JSON.stringify({
      date: '2023-07-15',
      amountWan: '2.50',
      source: 'province_employment',
      category: 'fit_out',
      payee,
      note: '',
    }),
  });
  expect(recorded.status).toBe(201);

  const page = await open('lvliang', `/projects/${projectId}/funding`);
  const row = page.getByRole('row').filter({ hasText: payee }).first();
  await row.getByRole('button', { name: /冲\s*销/ }).click();
  const dialog = page.getByRole('dialog');
  await expectVisible(dialog.getByText(/冲销后不可撤销/));
  await dialog.getByLabel('冲销原因').fill(reason);
  // The service's answer first (up to a minute, as other writes on a busy machine), then what the page shows.
  const confirmReverse = dialog.getByRole('button', { name: '确认冲销' });
  const reversing = clickToSend(confirmReverse, 'POST', `/api/expenditures/${recorded.body.id}/reverse`);
  expect((await reversing).ok()).toBe(true);
  await expectVisible(page.getByText(`冲销：${reason}`));

  const ledger = await system.call('lvliang', `/api/projects/${projectId}/expenditures`);
  const original = ledger.body.items.find((entry: { id: string }) => entry.id === recorded.body.id);
  const reversal = ledger.body.items.find(
    (entry: { reversesId: string | null }) => entry.reversesId === recorded.body.id,
  );
  expect({ reversedBy: original.reversedById, amount: reversal.amountWan, reason: reversal.reason }).toEqual({
    reversedBy: reversal.id,
    amount: '-2.50',
    reason,
  });
  return { page, expenditureId: recorded.body.id as string };
}
