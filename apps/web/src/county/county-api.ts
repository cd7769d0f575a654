import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Evidence, RecordExpenditureBody, SubmitMonthlyReportBody, UpdateProjectBody } from '@duban/contracts';
import { api, unwrap } from '../api/client';

/**
 * The county page's reads and writes against the gateway. Keys nest under the project so that one
 * invalidation of ['project', id] refreshes everything shown about it.
 */
export const countyKeys = {
  project: (projectId: string) => ['project', projectId] as const,
  milestones: (projectId: string) => ['project', projectId, 'milestones'] as const,
  officers: (projectId: string) => ['project', projectId, 'officers'] as const,
  reports: (projectId: string) => ['project', projectId, 'reports'] as const,
  funding: (projectId: string) => ['project', projectId, 'funding'] as const,
  inspections: (projectId: string) => ['project', projectId, 'inspections'] as const,
  reminders: (milestoneId: string) => ['milestone', milestoneId, 'reminders'] as const,
  programmes: ['programmes'] as const,
};

const fetchProject = (id: string) => unwrap(api.GET('/api/projects/{id}', { params: { path: { id } } }));
const fetchMilestones = (id: string) => unwrap(api.GET('/api/projects/{id}/milestones', { params: { path: { id } } }));
const fetchOfficers = (id: string) => unwrap(api.GET('/api/projects/{id}/officers', { params: { path: { id } } }));
const fetchReports = async (id: string) =>
  (await unwrap(api.GET('/api/projects/{id}/reports', { params: { path: { id } } }))).items ?? [];
const fetchFunding = (id: string) => unwrap(api.GET('/api/projects/{id}/funding', { params: { path: { id } } }));
const fetchInspections = async (id: string) =>
  (await unwrap(api.GET('/api/projects/{id}/inspections', { params: { path: { id } } }))).items ?? [];
const fetchReminders = (id: string) => unwrap(api.GET('/api/milestones/{id}/reminders', { params: { path: { id } } }));
const fetchProgrammes = () => unwrap(api.GET('/api/programmes'));

export type Project = Awaited<ReturnType<typeof fetchProject>>;
export type Milestone = Awaited<ReturnType<typeof fetchMilestones>>[number];
export type Officer = Awaited<ReturnType<typeof fetchOfficers>>[number];
export type MonthlyReport = Awaited<ReturnType<typeof fetchReports>>[number];
export type Funding = Awaited<ReturnType<typeof fetchFunding>>;
export type Expenditure = Funding['expenditures'][number];
export type Inspection = Awaited<ReturnType<typeof fetchInspections>>[number];
export type ReminderSchedule = Awaited<ReturnType<typeof fetchReminders>>;
export type ReminderStage = ReminderSchedule['items'][number];
export type Programme = Awaited<ReturnType<typeof fetchProgrammes>>[number];

export const useProject = (projectId: string) =>
  useQuery({ queryKey: countyKeys.project(projectId), queryFn: () => fetchProject(projectId) });
export const useMilestones = (projectId: string) =>
  useQuery({ queryKey: countyKeys.milestones(projectId), queryFn: () => fetchMilestones(projectId) });
/** The leading group, cached once per project for every page that shows it (`enabled` defers the fetch). */
export const useOfficers = (projectId: string, options: { enabled?: boolean } = {}) =>
  useQuery({ queryKey: countyKeys.officers(projectId), queryFn: () => fetchOfficers(projectId), ...options });
export const useReports = (projectId: string) =>
  useQuery({ queryKey: countyKeys.reports(projectId), queryFn: () => fetchReports(projectId) });
export const useFunding = (projectId: string) =>
  useQuery({ queryKey: countyKeys.funding(projectId), queryFn: () => fetchFunding(projectId) });
export const useInspections = (projectId: string) =>
  useQuery({ queryKey: countyKeys.inspections(projectId), queryFn: () => fetchInspections(projectId) });
export const useReminders = (milestoneId: string) =>
  useQuery({ queryKey: countyKeys.reminders(milestoneId), queryFn: () => fetchReminders(milestoneId) });

/** The project's programme (its report rules and milestone template); undefined until known. */
export function useProgramme(programmeId: string | undefined): Programme | undefined {
  const query = useQuery({ queryKey: countyKeys.programmes, queryFn: fetchProgrammes, staleTime: 10 * 60_000 });
  return query.data?.find((programme) => programme.id === programmeId);
}

export function useUpdateProject(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateProjectBody) =>
      unwrap(api.PATCH('/api/projects/{id}', { params: { path: { id: projectId } }, body })),
    onSuccess: (project) => queryClient.setQueryData(countyKeys.project(projectId), project),
  });
}

/**
 * After a milestone changes, the answer replaces it in the list at once (no reload); the project's light
 * and the milestone's reminder plan (cancelled when done) are computed elsewhere, so they are re-read.
 */
export function useMilestoneWrite<Variables>(projectId: string, call: (variables: Variables) => Promise<Milestone>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: async (milestone) => {
      queryClient.setQueryData<Milestone[]>(countyKeys.milestones(projectId), (list) =>
        list?.map((item) => (item.id === milestone.id ? milestone : item)),
      );
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: countyKeys.project(projectId), exact: true }),
        queryClient.invalidateQueries({ queryKey: countyKeys.reminders(milestone.id) }),
      ]);
    },
  });
}

export const useCompleteMilestone = (projectId: string, milestoneId: string) =>
  useMilestoneWrite(projectId, (evidence: Evidence) =>
    unwrap(api.POST('/api/milestones/{id}/complete', { params: { path: { id: milestoneId } }, body: { evidence } })),
  );

export const useReopenMilestone = (projectId: string, milestoneId: string) =>
  useMilestoneWrite(projectId, (reason: string) =>
    unwrap(api.POST('/api/milestones/{id}/reopen', { params: { path: { id: milestoneId } }, body: { reason } })),
  );

/** A report's fields as the county files them; the month only for a new report (a report's month never changes). */
export type ReportFields = Omit<SubmitMonthlyReportBody, 'month' | 'difficulties' | 'suggestions'> & {
  readonly difficulties: string;
  readonly suggestions: string;
};

/** Files a new report (POST) or resubmits an existing one (PUT), then re-reads the list. */
export function useFileReport(projectId: string, reportId: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ month, fields }: { month: string; fields: ReportFields }) =>
      reportId
        ? unwrap(api.PUT('/api/reports/{id}', { params: { path: { id: reportId } }, body: fields }))
        : unwrap(
            api.POST('/api/projects/{id}/reports', { params: { path: { id: projectId } }, body: { month, ...fields } }),
          ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: countyKeys.reports(projectId) }),
  });
}

/** The city's review of a report: return it with a comment, or accept it. */
export function useReviewReport(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      reportId,
      verdict,
      comment,
    }: {
      reportId: string;
      verdict: 'return' | 'accept';
      comment?: string;
    }) =>
      verdict === 'return'
        ? unwrap(
            api.POST('/api/reports/{id}/return', {
              params: { path: { id: reportId } },
              body: { comment: comment ?? '' },
            }),
          )
        : unwrap(
            api.POST('/api/reports/{id}/accept', {
              params: { path: { id: reportId } },
              body: comment ? { comment } : {},
            }),
          ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: countyKeys.reports(projectId) }),
  });
}

export function useRecordExpenditure(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RecordExpenditureBody) =>
      unwrap(api.POST('/api/projects/{id}/expenditures', { params: { path: { id: projectId } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: countyKeys.funding(projectId) }),
  });
}
