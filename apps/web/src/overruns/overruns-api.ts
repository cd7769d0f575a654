import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { downloadName } from '../excel/excel-api';
import { saveBlob } from '../formats/formats-api';

/** 超时倒查: the report for a region and period of due days, and its two downloads. */
export interface OverrunsQuery {
  readonly region: string;
  readonly from: string;
  readonly to: string;
}

const fetchOverruns = (query: OverrunsQuery) => unwrap(api.GET('/api/overruns', { params: { query: { ...query } } }));

export type OverrunReport = Awaited<ReturnType<typeof fetchOverruns>>;
export type OverrunItem = OverrunReport['items'][number];
export type CountyOverruns = OverrunReport['counties'][number];
export type OfficerOverruns = OverrunReport['officers'][number];

/** Under ['overruns']: a live change to milestones or monthly reports refreshes it. */
export const useOverruns = (query: OverrunsQuery) =>
  useQuery({ queryKey: ['overruns', query.region, query.from, query.to], queryFn: () => fetchOverruns(query) });

export async function downloadOverruns(query: OverrunsQuery, kind: 'xlsx' | 'pdf'): Promise<void> {
  const params = { params: { query: { ...query } }, parseAs: 'blob' as const };
  const answer =
    kind === 'xlsx'
      ? await api.GET('/api/exports/overruns.xlsx', params)
      : await api.GET('/api/reports/overruns.pdf', params);
  const blob = (await unwrap(Promise.resolve(answer))) as unknown as Blob;
  saveBlob(blob, downloadName(answer.response.headers.get('Content-Disposition'), `超时倒查.${kind}`));
}
