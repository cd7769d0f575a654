import { screen, waitFor } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { API, problem, renderApp, USERS, press as pressButton } from '../test/render';
import { server } from '../test/server';
import { lvliangDashboard, lvliangFunding } from '../dashboard/dashboard-fixtures';
import { inspection, rubric } from '../inspection/inspection-factory';

const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
/** By its text (see InspectionPage.test.tsx: role queries are slow in jsdom with antd's styles). */
const press = (name: string) => pressButton(user, name);

const saved: string[] = [];
beforeAll(() => {
  URL.createObjectURL = () => 'blob:http://localhost:3000/report';
  URL.revokeObjectURL = () => undefined;
  // jsdom does not navigate: record what the download link would save instead.
  HTMLAnchorElement.prototype.click = function click(this: HTMLAnchorElement) {
    saved.push(this.download);
  };
});

describe('PDF downloads', () => {
  it('fetches the acceptance report with the token and saves it under the county’s name', async () => {
    const signed = { ...inspection(), status: 'signed' as const };
    let authorization: string | null = null;
    server.use(
      http.get(`${API}/inspections/${signed.id}`, () => HttpResponse.json(signed)),
      http.get(`${API}/rubrics/${signed.rubricId}`, () => HttpResponse.json(rubric())),
      http.get(`${API}/inspections/${signed.id}/report.pdf`, ({ request }) => {
        authorization = request.headers.get('authorization');
        return new HttpResponse(new Uint8Array([0x25, 0x50, 0x44, 0x46]), {
          headers: { 'Content-Type': 'application/pdf' },
        });
      }),
    );
    renderApp(`/inspections/${signed.id}`, USERS.lvliang);
    await press(await screen.findByText('下载验收报告（PDF）').then((node) => node.textContent ?? ''));
    await waitFor(() => expect(saved).toContain(`${signed.regionName}验收报告-${signed.date}.pdf`));
    expect(authorization).toMatch(/^Bearer /);
    expect(screen.getByText('打印本页', { selector: 'button, button *' })).toBeInTheDocument();
  });

  it('fetches a city’s monthly summary for the latest month up to the data’s date', async () => {
    const asked: string[] = [];
    server.use(
      http.get(`${API}/dashboard`, () => HttpResponse.json(lvliangDashboard())),
      http.get(`${API}/funding/rollup`, () => HttpResponse.json(lvliangFunding())),
      http.get(`${API}/reports/summary.pdf`, ({ request }) => {
        asked.push(new URL(request.url).search);
        return new HttpResponse(new Uint8Array([0x25, 0x50, 0x44, 0x46]), {
          headers: { 'Content-Type': 'application/pdf' },
        });
      }),
    );
    renderApp('/regions/141100', USERS.lvliang);
    await screen.findByText('下载月度汇总（PDF）');
    await press('下载月度汇总（PDF）');
    await waitFor(() => expect(saved).toContain('吕梁市月度汇总-2023-05.pdf'));
    expect(asked).toEqual(['?region=141100&month=2023-05']);
  });

  it('shows the gateway’s reason when the PDF cannot be made', async () => {
    const signed = { ...inspection(), status: 'signed' as const };
    server.use(
      http.get(`${API}/inspections/${signed.id}`, () => HttpResponse.json(signed)),
      http.get(`${API}/rubrics/${signed.rubricId}`, () => HttpResponse.json(rubric())),
      http.get(`${API}/inspections/${signed.id}/report.pdf`, () => problem(404, '验收检查不存在')),
    );
    renderApp(`/inspections/${signed.id}`, USERS.lvliang);
    await screen.findByText('下载验收报告（PDF）');
    await press('下载验收报告（PDF）');
    expect(await screen.findByText(/下载失败：验收检查不存在/)).toBeInTheDocument();
  });
});

describe('calendar subscription', () => {
  it('makes a feed address to copy, replaces it, and stops it', async () => {
    let active = false;
    let issued = 0;
    const revoked: string[] = [];
    server.use(
      http.get(`${API}/me/calendar-token`, () =>
        HttpResponse.json({ active, createdAt: active ? '2023-03-01T01:00:00.000Z' : null }),
      ),
      http.post(`${API}/me/calendar-token`, () => {
        active = true;
        issued += 1;
        return HttpResponse.json(
          { url: `/api/calendar/${String(issued).repeat(43)}.ics`, createdAt: '2023-03-01T01:00:00.000Z' },
          { status: 201 },
        );
      }),
      http.delete(`${API}/me/calendar-token`, ({ request }) => {
        revoked.push(request.method);
        active = false;
        return new HttpResponse(null, { status: 204 });
      }),
      // The county's home looks up its project first: none here, the bell and the menu are what is tested.
      http.get(`${API}/projects`, () => HttpResponse.json([])),
    );
    renderApp('/', USERS.linxian);
    await user.click(await screen.findByLabelText('日历订阅'));
    expect(await screen.findByText('尚未生成订阅地址。')).toBeInTheDocument();

    await press('生成订阅地址');
    expect(await screen.findByText(`http://localhost:3000/api/calendar/${'1'.repeat(43)}.ics`)).toBeInTheDocument();
    await press(await screen.findByText('更换订阅地址').then((node) => node.textContent ?? ''));
    expect(await screen.findByText(`http://localhost:3000/api/calendar/${'2'.repeat(43)}.ics`)).toBeInTheDocument();

    await press('停用订阅');
    await press('确 定');
    await waitFor(() => expect(revoked).toEqual(['DELETE']));
    expect(await screen.findByText('尚未生成订阅地址。')).toBeInTheDocument();
  });
});
