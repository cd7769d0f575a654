import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

const YEARS_KEY = ['calendar-years'] as const;

const fetchYears = () => unwrap(api.GET('/api/calendars'));
const fetchYear = (year: number) => unwrap(api.GET('/api/calendars/{year}', { params: { path: { year } } }));

export type CalendarYearList = Awaited<ReturnType<typeof fetchYears>>;
export type CalendarYearSummary = CalendarYearList['items'][number];
export type CalendarYear = Awaited<ReturnType<typeof fetchYear>>;

/** What a load sends: the year's days off and adjusted working days, their names and the notice's 文号. */
export interface CalendarLoad {
  readonly year: number;
  readonly daysOff: string[];
  readonly workdays: string[];
  readonly names: Record<string, string>;
  readonly source?: string;
}

export const useCalendarYears = () => useQuery({ queryKey: YEARS_KEY, queryFn: fetchYears });

export const useCalendarYear = (year: number | null) =>
  useQuery({
    queryKey: [...YEARS_KEY, year],
    queryFn: () => fetchYear(year as number),
    enabled: year !== null,
  });

export function useLoadCalendarYear() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ year, ...body }: CalendarLoad) =>
      unwrap(api.PUT('/api/calendars/{year}', { params: { path: { year } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: YEARS_KEY }),
  });
}
