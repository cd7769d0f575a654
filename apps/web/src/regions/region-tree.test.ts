import { describe, expect, it } from 'vitest';
import type { RegionView } from '@duban/contracts';
import { http, HttpResponse } from 'msw';
import { API } from '../test/render';
import { server } from '../test/server';
import { loadRegionTree, regionNamer } from './region-tree';
import { aRegion } from './region-fixtures';

describe('the caller’s region tree', () => {
  it('walks down a level at a time; only the caller’s regions and those below them are in scope', async () => {
    const asked: (string | null)[] = [];
    server.use(
      http.get(`${API}/regions`, ({ request }) => {
        const parent = new URL(request.url).searchParams.get('parent');
        asked.push(parent);
        const children: Record<string, RegionView[]> = {
          root: [aRegion('140000', '山西省', 'province', null)],
          '140000': [
            aRegion('141100', '吕梁市', 'city', '140000'),
            aRegion('149001', '省直辖某县', 'county', '140000'),
          ],
          '141100': [aRegion('141124', '临县', 'county', '141100')],
        };
        return HttpResponse.json(children[parent ?? 'root'] ?? []);
      }),
    );

    const tree = await loadRegionTree(['141100']);

    expect(tree.map((node) => [node.name, node.inScope])).toEqual([
      ['山西省', false],
      ['吕梁市', true],
      ['省直辖某县', false],
      ['临县', true],
    ]);
    // Counties have no children to ask for.
    expect(asked).toEqual([null, '140000', '141100']);
    const name = regionNamer(tree);
    expect([name('141124'), name('140105')]).toEqual(['临县', '140105']);
  });
});
