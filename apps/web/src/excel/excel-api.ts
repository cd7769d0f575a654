import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

/**
 * The Excel routes: the documents' tables (附件1, 附件4) as downloads, and 附件1 uploaded back. A download
 * goes through the client (it needs the bearer token, which a plain link cannot send) and is saved from an
 * object URL under the name the gateway gives it.
 */

/** What can be imported: 附件1 rows, or leading-group members. */
export type ImportKind = 'task-list' | 'leading-groups';

const fetchImport = (kind: ImportKind, file: File, mode: ImportMode) => {
  const form = new FormData();
  form.append('file', file, file.name);
  const request = { params: { query: { mode } }, body: form as never };
  return unwrap(
    kind === 'task-list'
      ? api.POST('/api/imports/task-list', request)
      : api.POST('/api/imports/leading-groups', request),
  );
};

export type ImportMode = 'preview' | 'all-or-nothing' | 'valid-rows';
export type ImportReport = Awaited<ReturnType<typeof fetchImport>>;

/** The file name from Content-Disposition (its UTF-8 form when given), else `fallback`. */
export function downloadName(disposition: string | null, fallback: string): string {
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '');
  return utf8?.[1] ? decodeURIComponent(utf8[1]) : fallback;
}

function save(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

/** Downloads 附件1 of a region (with a month's 月报 columns when given) and saves it. */
export async function downloadTaskList(region: string, month?: string): Promise<void> {
  const answer = await api.GET('/api/exports/task-list.xlsx', {
    params: { query: { region, ...(month ? { month } : {}) } },
    parseAs: 'blob',
  });
  const blob = (await unwrap(Promise.resolve(answer))) as unknown as Blob;
  save(blob, downloadName(answer.response.headers.get('Content-Disposition'), `附件1-${region}.xlsx`));
}

/** Downloads the leading groups of a region's counties and saves them. */
export async function downloadLeadingGroups(region: string): Promise<void> {
  const answer = await api.GET('/api/exports/leading-groups.xlsx', { params: { query: { region } }, parseAs: 'blob' });
  const blob = (await unwrap(Promise.resolve(answer))) as unknown as Blob;
  save(blob, downloadName(answer.response.headers.get('Content-Disposition'), `领导小组-${region}.xlsx`));
}

/** Downloads 附件4 of a region and saves it. */
export async function downloadFunding(region: string): Promise<void> {
  const answer = await api.GET('/api/exports/funding.xlsx', { params: { query: { region } }, parseAs: 'blob' });
  const blob = (await unwrap(Promise.resolve(answer))) as unknown as Blob;
  save(blob, downloadName(answer.response.headers.get('Content-Disposition'), `附件4-${region}.xlsx`));
}

/** Uploads a sheet: a preview writes nothing; after an applied import every page re-reads what it shows. */
export function useImport(kind: ImportKind) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, mode }: { file: File; mode: ImportMode }) => fetchImport(kind, file, mode),
    onSuccess: (report) => {
      if (report.applied) void queryClient.invalidateQueries();
    },
  });
}
