import type { RegionView } from '@duban/contracts';
import { http, HttpResponse } from 'msw';
import { API } from '../test/render';

/** A region as `GET /api/regions` answers it (no population: the tree and the names do not read it). */
export function aRegion(code: string, name: string, level: RegionView['level'], parentCode: string | null): RegionView {
  return { code, name, level, parentCode, population: null, populationSource: null };
}

/** 吕梁市 officer's tree as the gateway answers it: the province on the way, the city and two of its counties. */
export const lvliangRegions = http.get(`${API}/regions`, ({ request }) => {
  const parent = new URL(request.url).searchParams.get('parent');
  if (parent === null) return HttpResponse.json([aRegion('140000', '山西省', 'province', null)]);
  if (parent === '140000') return HttpResponse.json([aRegion('141100', '吕梁市', 'city', '140000')]);
  if (parent === '141100')
    return HttpResponse.json([
      aRegion('141102', '离石区', 'county', '141100'),
      aRegion('141124', '临县', 'county', '141100'),
    ]);
  return HttpResponse.json([]);
});
