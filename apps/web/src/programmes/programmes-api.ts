import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PutReportSettingsBody } from '@duban/contracts';
import { api, unwrap } from '../api/client';
import type { operations } from '../api/schema';

/**
 * The programmes and their templates (projects service, through the gateway): the list the header's
 * selector offers, the province administrator's templates, and the writes of the 年度计划 page.
 */
const fetchProgrammes = () => unwrap(api.GET('/api/programmes', { params: { query: {} } }));
const fetchArchivedToo = () => unwrap(api.GET('/api/programmes', { params: { query: { archived: 'true' } } }));
const fetchTemplates = () => unwrap(api.GET('/api/programme-templates'));
const fetchTemplate = (code: string) =>
  unwrap(api.GET('/api/programme-templates/{code}', { params: { path: { code } } }));

export type Programme = Awaited<ReturnType<typeof fetchProgrammes>>[number];
export type ProgrammeTemplate = Awaited<ReturnType<typeof fetchTemplates>>[number];
export type TemplateDefinition =
  operations['ProgrammeTemplatesController_put']['requestBody']['content']['application/json'];
export type NewProgramme = operations['ProgrammesController_create']['requestBody']['content']['application/json'];

export const programmeKeys = {
  all: ['programmes'] as const,
  list: (archived: boolean) => ['programmes', { archived }] as const,
  templates: ['programme-templates'] as const,
  template: (code: string) => ['programme-templates', code] as const,
};

/** The programmes over the caller's regions (open and closed; archived ones with `archived`). */
export const useProgrammes = (archived = false) =>
  useQuery({
    queryKey: programmeKeys.list(archived),
    queryFn: archived ? fetchArchivedToo : fetchProgrammes,
  });

export const useTemplates = () => useQuery({ queryKey: programmeKeys.templates, queryFn: fetchTemplates });

export const useTemplate = (code: string | undefined) =>
  useQuery({
    queryKey: programmeKeys.template(code ?? ''),
    queryFn: () => fetchTemplate(code as string),
    enabled: code !== undefined,
  });

/** After any programme write every list and dashboard reads again (labels and lights come from it). */
function useRefresh() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: programmeKeys.all }),
      queryClient.invalidateQueries({ queryKey: programmeKeys.templates }),
      queryClient.invalidateQueries({ queryKey: ['dashboard'] }),
    ]);
}

export function useSaveTemplate(code: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: TemplateDefinition) =>
      unwrap(api.PUT('/api/programme-templates/{code}', { params: { path: { code } }, body })),
    onSuccess: refresh,
  });
}

export function useCreateProgramme() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: NewProgramme) => unwrap(api.POST('/api/programmes', { body })),
    onSuccess: refresh,
  });
}

export function useChangeProgrammeStatus() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, to }: { id: string; to: 'close' | 'archive' }) =>
      to === 'close'
        ? unwrap(api.POST('/api/programmes/{id}/close', { params: { path: { id } } }))
        : unwrap(api.POST('/api/programmes/{id}/archive', { params: { path: { id } } })),
    onSuccess: refresh,
  });
}

/** 月报设置: the report day, the days to resubmit and the reminder plan of the programme's reports. */
export function usePutReportSettings(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: PutReportSettingsBody) =>
      unwrap(api.PUT('/api/programmes/{id}/report-settings', { params: { path: { id } }, body })),
    onSuccess: refresh,
  });
}
