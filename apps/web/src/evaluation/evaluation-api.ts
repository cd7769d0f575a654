import type { EvaluationSettingsView, PutEvaluationSettingsBody, RubricVersionView } from '@duban/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

/** The province's acceptance settings per programme, and the loaded rubric versions. */
export const evaluationKeys = {
  settings: (programmeId: string) => ['evaluation-settings', programmeId] as const,
  rubrics: ['rubrics'] as const,
};

export const useEvaluationSettings = (programmeId: string) =>
  useQuery({
    queryKey: evaluationKeys.settings(programmeId),
    queryFn: async () =>
      (await unwrap(
        api.GET('/api/programmes/{id}/evaluation-settings', { params: { path: { id: programmeId } } }),
      )) as EvaluationSettingsView,
  });

export function usePutEvaluationSettings(programmeId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: PutEvaluationSettingsBody) =>
      (await unwrap(
        api.PUT('/api/programmes/{id}/evaluation-settings', { params: { path: { id: programmeId } }, body }),
      )) as EvaluationSettingsView,
    onSuccess: (settings) => queryClient.setQueryData(evaluationKeys.settings(programmeId), settings),
  });
}

export const useRubricVersions = () =>
  useQuery({
    queryKey: evaluationKeys.rubrics,
    queryFn: async () => ((await unwrap(api.GET('/api/rubrics'))) as { items: RubricVersionView[] }).items,
  });
