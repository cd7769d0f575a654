import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateMilestoneBody, UpdateMilestoneBody } from '@duban/contracts';
import { api, unwrap } from '../api/client';
import { saveBlob } from '../formats/formats-api';
import { countyKeys, useMilestoneWrite, type Milestone } from './county-api';

/**
 * The milestone's plan (deadline, responsible officers, reminder plan), extra milestones, and the files
 * that back a milestone.
 */
export const milestoneFileKeys = {
  files: (milestoneId: string) => ['milestone', milestoneId, 'files'] as const,
};

const fetchFiles = (id: string) => unwrap(api.GET('/api/milestones/{id}/evidence', { params: { path: { id } } }));
export type MilestoneFile = Awaited<ReturnType<typeof fetchFiles>>[number];

/** `PATCH /api/milestones/:id`: reschedule (with the reason), reassign, or set the reminder plan. */
export const useUpdateMilestone = (projectId: string, milestoneId: string) =>
  useMilestoneWrite(projectId, (body: UpdateMilestoneBody) =>
    unwrap(api.PATCH('/api/milestones/{id}', { params: { path: { id: milestoneId } }, body })),
  );

/** An extra milestone: it joins the list at once; the project's light is computed elsewhere, so it is re-read. */
export function useAddMilestone(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateMilestoneBody) =>
      unwrap(api.POST('/api/projects/{id}/milestones', { params: { path: { id: projectId } }, body })),
    onSuccess: async (milestone) => {
      queryClient.setQueryData<Milestone[]>(countyKeys.milestones(projectId), (list) => list && [...list, milestone]);
      await queryClient.invalidateQueries({ queryKey: countyKeys.project(projectId), exact: true });
    },
  });
}

export const useMilestoneFiles = (milestoneId: string) =>
  useQuery({ queryKey: milestoneFileKeys.files(milestoneId), queryFn: () => fetchFiles(milestoneId) });

/** A file as multipart field `file`; the service checks its type by content, its size and its checksum. */
export function useAttachMilestoneFile(milestoneId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return unwrap(
        api.POST('/api/milestones/{id}/evidence', { params: { path: { id: milestoneId } }, body: form as never }),
      );
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: milestoneFileKeys.files(milestoneId) }),
  });
}

/** Fetches a file with the bearer token (a plain link could not send it) and saves it under its name. */
export async function downloadMilestoneFile(file: MilestoneFile): Promise<void> {
  const blob = (await unwrap(
    api.GET('/api/milestone-evidence/{id}', { params: { path: { id: file.id } }, parseAs: 'blob' }),
  )) as Blob;
  saveBlob(blob, file.filename);
}
