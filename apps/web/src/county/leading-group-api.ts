import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { countyKeys, type Milestone } from './county-api';

/** A member as the leading-group form sends it (contacts: an empty text clears one). */
export interface OfficerFields {
  name: string;
  role: 'leader' | 'deputy' | 'member';
  title: string;
  unit: string;
  username: string;
  contacts: { mobile: string; email: string; dingtalkId: string; wecomId: string };
  /** 退订短信: the member asked for no reminder by SMS. */
  smsOptedOut: boolean;
}

/**
 * Every change to the group re-reads the group and the milestones (a renamed member is shown under the
 * milestones it answers for).
 */
function useGroupWrite<Variables>(projectId: string, call: (variables: Variables) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: countyKeys.officers(projectId) }),
        queryClient.invalidateQueries({ queryKey: countyKeys.milestones(projectId) }),
      ]),
  });
}

export const useAddOfficer = (projectId: string) =>
  useGroupWrite(projectId, (body: OfficerFields) =>
    unwrap(api.POST('/api/projects/{id}/officers', { params: { path: { id: projectId } }, body })),
  );

export const useUpdateOfficer = (projectId: string) =>
  useGroupWrite(projectId, ({ id, body }: { id: string; body: OfficerFields }) =>
    unwrap(api.PATCH('/api/officers/{id}', { params: { path: { id } }, body })),
  );

export const useRemoveOfficer = (projectId: string) =>
  useGroupWrite(projectId, (id: string) => unwrap(api.DELETE('/api/officers/{id}', { params: { path: { id } } })));

/** Who answers for a milestone: PATCH /api/milestones/:id {responsibleOfficerIds}. */
export const useAssignResponsible = (projectId: string) =>
  useGroupWrite(projectId, ({ milestone, officerIds }: { milestone: Milestone; officerIds: string[] }) =>
    unwrap(
      api.PATCH('/api/milestones/{id}', {
        params: { path: { id: milestone.id } },
        body: { responsibleOfficerIds: officerIds, version: milestone.version },
      }),
    ),
  );
