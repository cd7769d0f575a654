import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { API, problem, renderApp, USERS } from '../test/render';
import { server } from '../test/server';
import { aProject, pageAnswers, PROJECT_ID, ZHANGZHENYU } from './county-fixtures';

/** The form item (label, control, messages) around the field labelled `label`. */
function fieldOf(label: string): HTMLElement {
  const item = screen.getByLabelText(label).closest<HTMLElement>('.ant-form-item');
  if (!item) throw new Error(`no form item around ${label}`);
  return item;
}

describe('概况（附件1）', () => {
  it('shows the header and the 附件1 row, and a 400’s field error next to the field without losing what was typed', async () => {
    const bodies: unknown[] = [];
    server.use(
      ...pageAnswers(),
      http.patch(`${API}/projects/${PROJECT_ID}`, async ({ request }) => {
        bodies.push(await request.json());
        return problem(400, '请求参数有误', [{ field: 'actualAreaM2', message: '不能超过 1000000' }]);
      }),
    );
    renderApp(`/projects/${PROJECT_ID}`, USERS.linxian);

    expect(await screen.findByRole('heading', { name: '临县' })).toBeInTheDocument();
    expect(screen.getByText('临县公益性零工市场')).toBeInTheDocument();
    expect(screen.getByText('2023年度')).toBeInTheDocument();
    expect(within(screen.getByLabelText('项目状态')).getByText('临期')).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: '概况（附件1）', selected: true })).toBeInTheDocument();

    const address = screen.getByLabelText('项目详细地址');
    expect(address).toHaveValue('临县城区');
    await userEvent.clear(address);
    await userEvent.type(address, '临县临泉镇人社大楼一层');
    const area = screen.getByLabelText('室内服务场所实际面积（m²）');
    await userEvent.clear(area);
    await userEvent.type(area, '2000000');
    // The county's 专班 keeps the construction columns; the planning ones are the city's.
    expect(screen.getByLabelText('人口基数')).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: /保\s*存/ }));

    expect(await within(fieldOf('室内服务场所实际面积（m²）')).findByText('不能超过 1000000')).toBeInTheDocument();
    expect(screen.getByText('请求参数有误')).toBeInTheDocument();
    expect(screen.getByLabelText('项目详细地址')).toHaveValue('临县临泉镇人社大楼一层');
    expect(screen.getByLabelText('室内服务场所实际面积（m²）')).toHaveValue('2000000');
    expect(bodies).toEqual([
      {
        version: 3,
        constructionType: 'new',
        progress: 'under_construction',
        actualAreaM2: 2000000,
        address: '临县临泉镇人社大楼一层',
      },
    ]);
  });

  it('saves and shows what the server kept', async () => {
    const bodies: unknown[] = [];
    server.use(
      ...pageAnswers(),
      http.patch(`${API}/projects/${PROJECT_ID}`, async ({ request }) => {
        const body = (await request.json()) as { address: string };
        bodies.push(body);
        return HttpResponse.json(aProject({ address: body.address, version: 4 }));
      }),
    );
    renderApp(`/projects/${PROJECT_ID}/overview`, USERS.linxian);

    const address = await screen.findByLabelText('项目详细地址');
    await userEvent.clear(address);
    await userEvent.click(screen.getByRole('button', { name: /保\s*存/ }));

    expect(await screen.findByText('附件1 已保存')).toBeInTheDocument();
    // A cleared text column is sent as null (cleared), not as an empty string the service would refuse.
    expect(bodies).toEqual([expect.objectContaining({ address: null, version: 3 })]);
  });

  it('lets the city officer change the planning columns, population with its source', async () => {
    const bodies: unknown[] = [];
    server.use(
      ...pageAnswers(),
      http.patch(`${API}/projects/${PROJECT_ID}`, async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json(aProject({ version: 4 }));
      }),
    );
    renderApp(`/projects/${PROJECT_ID}`, USERS.lvliang);

    const population = await screen.findByLabelText('人口基数');
    await userEvent.clear(population);
    await userEvent.type(population, '390000');
    await userEvent.click(screen.getByRole('button', { name: /保\s*存/ }));

    await waitFor(() => expect(bodies).toHaveLength(1));
    expect(bodies[0]).toMatchObject({
      population: 390000,
      populationSource: '第七次全国人口普查',
      plannedAreaM2: 150,
      version: 3,
    });
  });

  it('shows a leading-group member the row read-only, without 保存', async () => {
    server.use(...pageAnswers());
    renderApp(`/projects/${PROJECT_ID}`, ZHANGZHENYU);

    expect(await screen.findByText('临县城区')).toBeInTheDocument();
    expect(screen.getByText('建设中')).toBeInTheDocument();
    expect(screen.getByText('150+')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /保\s*存/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
  });

  it('says when the project is gone or out of scope', async () => {
    server.use(
      http.get(`${API}/projects/${PROJECT_ID}`, () => problem(404, '项目不存在')),
      ...pageAnswers(),
    );
    renderApp(`/projects/${PROJECT_ID}`, USERS.linxian);
    expect(await screen.findByText('项目不存在')).toBeInTheDocument();
  });
});
