import type {
  CreateRectificationBody,
  EvidenceFile,
  InspectionSummary,
  InspectionView,
  OpenInspectionBody,
  PutScoresBody,
  RectificationView,
  RubricView,
} from '@duban/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

/**
 * The evaluation routes the inspection pages call. Answers are typed with the contracts' views (the same zod
 * schemas the gateway's OpenAPI document is generated from), so the pages read one vocabulary.
 */
export const inspectionKeys = {
  inspection: (id: string) => ['inspection', id] as const,
  ofProject: (projectId: string) => ['project-inspections', projectId] as const,
  rubric: (id: string) => ['rubric', id] as const,
  evidence: (id: string) => ['evidence', id] as const,
};

export function useInspection(id: string) {
  return useQuery({
    queryKey: inspectionKeys.inspection(id),
    queryFn: async () =>
      (await unwrap(api.GET('/api/inspections/{id}', { params: { path: { id } } }))) as InspectionView,
  });
}

export function useRubric(id: string | undefined) {
  return useQuery({
    queryKey: inspectionKeys.rubric(id ?? ''),
    queryFn: async () =>
      (await unwrap(api.GET('/api/rubrics/{id}', { params: { path: { id: id ?? '' } } }))) as RubricView,
    enabled: id !== undefined,
    // A rubric version never changes once loaded.
    staleTime: Infinity,
  });
}

export function useProjectInspections(projectId: string) {
  return useQuery({
    queryKey: inspectionKeys.ofProject(projectId),
    queryFn: async () => {
      const answer = await unwrap(api.GET('/api/projects/{id}/inspections', { params: { path: { id: projectId } } }));
      return (answer as { items: InspectionSummary[] }).items;
    },
  });
}

/** Every mutation of an inspection answers with the whole inspection: it replaces the cached one. */
function useInspectionMutation<Input>(id: string, call: (input: Input) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: Input) => (await call(input)) as InspectionView,
    onSuccess: (inspection) => {
      queryClient.setQueryData(inspectionKeys.inspection(id), inspection);
      void queryClient.invalidateQueries({ queryKey: inspectionKeys.ofProject(inspection.projectId) });
    },
  });
}

export function usePutScores(id: string) {
  return useInspectionMutation(id, (body: PutScoresBody) =>
    unwrap(api.PUT('/api/inspections/{id}/scores', { params: { path: { id } }, body: body as never })),
  );
}

export function useCancelInspection(id: string) {
  return useInspectionMutation(id, (reason: string) =>
    unwrap(api.POST('/api/inspections/{id}/cancel', { params: { path: { id } }, body: { reason } })),
  );
}

export function useSign(id: string) {
  return useInspectionMutation(id, (name: string) =>
    unwrap(api.POST('/api/inspections/{id}/sign', { params: { path: { id } }, body: { name } })),
  );
}

const fetchEligibleInspectors = (projectId: string) =>
  unwrap(api.GET('/api/projects/{id}/eligible-inspectors', { params: { path: { id: projectId } } }));
export type EligibleInspector = Awaited<ReturnType<typeof fetchEligibleInspectors>>[number];

/** The inspector accounts that may inspect the project's county: the open-inspection form's choices. */
export const useEligibleInspectors = (projectId: string, enabled: boolean) =>
  useQuery({
    queryKey: [...inspectionKeys.ofProject(projectId), 'eligible-inspectors'],
    queryFn: () => fetchEligibleInspectors(projectId),
    enabled,
  });

export function useOpenInspection(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: OpenInspectionBody) =>
      (await unwrap(
        api.POST('/api/projects/{id}/inspections', { params: { path: { id: projectId } }, body: body as never }),
      )) as InspectionView,
    onSuccess: (inspection) => {
      queryClient.setQueryData(inspectionKeys.inspection(inspection.id), inspection);
      void queryClient.invalidateQueries({ queryKey: inspectionKeys.ofProject(projectId) });
    },
  });
}

/** A photo (or PDF) for one item, as multipart field `file`; the service checks type by content and size. */
export function useUploadEvidence(inspectionId: string, itemId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return (await unwrap(
        api.POST('/api/inspections/{id}/items/{itemId}/evidence', {
          params: { path: { id: inspectionId, itemId } },
          body: form as never,
        }),
      )) as EvidenceFile;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: inspectionKeys.inspection(inspectionId) }),
  });
}

/**
 * An evidence file's bytes. `<img>` cannot send the bearer token, so the page fetches the file through the
 * client and shows it from an object URL.
 */
export function useEvidenceBlob(id: string) {
  return useQuery({
    queryKey: inspectionKeys.evidence(id),
    queryFn: async () =>
      (await unwrap(api.GET('/api/evidence/{id}', { params: { path: { id } }, parseAs: 'blob' }))) as Blob,
    // Stored evidence never changes (its SHA-256 is checked on the way out).
    staleTime: Infinity,
  });
}

export function useCreateRectification(inspectionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreateRectificationBody) =>
      (await unwrap(
        api.POST('/api/inspections/{id}/rectifications', {
          params: { path: { id: inspectionId } },
          body: body as never,
        }),
      )) as RectificationView,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: inspectionKeys.inspection(inspectionId) }),
  });
}

export function useCloseRectification(inspectionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, note }: { id: string; note: string }) =>
      (await unwrap(
        api.POST('/api/rectifications/{id}/close', { params: { path: { id } }, body: { note } }),
      )) as RectificationView,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: inspectionKeys.inspection(inspectionId) }),
  });
}
