import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

/** The PDF reports: fetched with the bearer token (a plain link could not send it), then saved as a file. */
export async function fetchInspectionReport(inspectionId: string): Promise<Blob> {
  return (await unwrap(
    api.GET('/api/inspections/{id}/report.pdf', { params: { path: { id: inspectionId } }, parseAs: 'blob' }),
  )) as Blob;
}

export async function fetchMonthlySummary(region: string, month: string): Promise<Blob> {
  return (await unwrap(
    api.GET('/api/reports/summary.pdf', { params: { query: { region, month } }, parseAs: 'blob' }),
  )) as Blob;
}

/** Hands a fetched file to the browser as a download under `filename`. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // The click has handed the file over; the URL is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

const calendarTokenKey = ['me', 'calendar-token'] as const;

/** Whether the user has a personal calendar feed (its URL is shown only when it is made). */
export function useCalendarToken() {
  return useQuery({
    queryKey: calendarTokenKey,
    queryFn: () => unwrap(api.GET('/api/me/calendar-token')),
  });
}

/** Makes (or replaces) the feed: the answer carries the feed's path, shown this once. */
export function useIssueCalendarToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/me/calendar-token')),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: calendarTokenKey }),
  });
}

export function useRevokeCalendarToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      await unwrap(api.DELETE('/api/me/calendar-token'));
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: calendarTokenKey }),
  });
}
