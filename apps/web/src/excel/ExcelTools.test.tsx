import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { aProject, pageAnswers, PROJECT_ID } from '../county/county-fixtures';
import { API, problem, renderApp, USERS } from '../test/render';
import { server } from '../test/server';
import type { ImportReport } from './excel-api';

const REPORT: ImportReport = {
  mode: 'preview',
  applied: false,
  rows: 2,
  changedRows: 1,
  unchangedRows: 0,
  errorRows: 1,
  changes: [
    {
      row: 7,
      regionCode: '141124',
      countyName: '临县',
      changes: [{ column: '室内服务场所实际面积', before: '', after: '260' }],
    },
  ],
  problems: [{ row: 8, column: '建设类型', value: '翻新', reason: '应为 新建、改建 之一' }],
};

const xlsx = () =>
  new File(['PK'], '附件1.xlsx', { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });

/** Answers the import as `answer` says per mode, and keeps the modes asked for. */
function imports(answer: (mode: string) => Response): string[] {
  const modes: string[] = [];
  server.use(
    ...pageAnswers(aProject()),
    http.post(`${API}/imports/task-list`, ({ request }) => {
      const mode = new URL(request.url).searchParams.get('mode') ?? '';
      modes.push(mode);
      return answer(mode);
    }),
  );
  return modes;
}

async function openWithFile() {
  renderApp(`/projects/${PROJECT_ID}`, USERS.linxian);
  await userEvent.click(await screen.findByRole('button', { name: /导入附件1/ }));
  const dialog = await screen.findByRole('dialog');
  await userEvent.upload(dialog.querySelector<HTMLInputElement>('input[type=file]') as HTMLInputElement, xlsx());
  await userEvent.click(within(dialog).getByRole('button', { name: '预 览' }));
  return dialog;
}

describe('Excel: 附件1 import with a preview, exports', () => {
  it('previews the row report before anything is written, then applies the valid rows', async () => {
    const modes = imports((mode) =>
      HttpResponse.json(mode === 'preview' ? REPORT : { ...REPORT, mode, applied: true, problems: REPORT.problems }),
    );
    const dialog = await openWithFile();

    expect(await within(dialog).findByText(/预览（尚未写入）：共 2 行，将修改 1 行/)).toBeInTheDocument();
    const problems = within(dialog).getByText('有误的行').closest('.ant-table-wrapper') as HTMLElement;
    const row = within(problems).getByText('翻新').closest('tr') as HTMLElement;
    expect([...row.querySelectorAll('td')].map((cell) => cell.textContent)).toEqual([
      '8',
      '建设类型',
      '翻新',
      '应为 新建、改建 之一',
    ]);
    const changes = within(dialog).getByText('将修改').closest('.ant-table-wrapper') as HTMLElement;
    expect(within(changes).getByText('260')).toBeInTheDocument();
    // A wrong row: "all" is not offered, only the valid rows.
    expect(within(dialog).queryByRole('button', { name: '全部导入' })).toBeNull();
    expect(modes).toEqual(['preview']);

    await userEvent.click(within(dialog).getByRole('button', { name: '只导入无误的行' }));
    expect(await screen.findByText('已导入：修改 1 行，未变 0 行')).toBeInTheDocument();
    expect(modes).toEqual(['preview', 'valid-rows']);
  });

  it('shows a refused file’s reason (not an xlsx, too large) and writes nothing', async () => {
    const modes = imports(() =>
      problem(400, '请求参数有误', [{ field: 'file', message: '不是有效的 xlsx 文件：请另存为 .xlsx 后再导入' }]),
    );
    const dialog = await openWithFile();
    expect(await within(dialog).findByText('不是有效的 xlsx 文件：请另存为 .xlsx 后再导入')).toBeInTheDocument();
    expect(within(dialog).queryByRole('button', { name: '全部导入' })).toBeNull();
    expect(modes).toEqual(['preview']);
  });

  it('downloads 附件1 of the region shown under the gateway’s file name', async () => {
    const asked: string[] = [];
    const saved: string[] = [];
    server.use(
      ...pageAnswers(aProject()),
      http.get(`${API}/exports/task-list.xlsx`, ({ request }) => {
        asked.push(new URL(request.url).search);
        return new HttpResponse(new Blob(['PK']), {
          headers: {
            'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            'Content-Disposition': `attachment; filename="x.xlsx"; filename*=UTF-8''${encodeURIComponent('附件1-任务分解清单-临县-2023.xlsx')}`,
          },
        });
      }),
    );
    URL.createObjectURL = () => 'blob:task-list';
    URL.revokeObjectURL = () => undefined;
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      saved.push(this.download);
    };
    try {
      renderApp(`/projects/${PROJECT_ID}`, USERS.linxian);
      await userEvent.click(await screen.findByRole('button', { name: /导出附件1/ }));
      await waitFor(() => expect(saved).toEqual(['附件1-任务分解清单-临县-2023.xlsx']));
      expect(asked).toEqual(['?region=141124']);
    } finally {
      HTMLAnchorElement.prototype.click = click;
    }
  });
});
