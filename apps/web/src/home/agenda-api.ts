import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { acknowledgeInstruction, oversightKey } from '../county/oversight-api';

/** Under the project's key, so the live stream's project changes refresh it with the county page. */
export const agendaKey = (projectId: string) => ['project', projectId, 'agenda'] as const;

const fetchAgenda = (id: string) => unwrap(api.GET('/api/projects/{id}/agenda', { params: { path: { id } } }));

export type Agenda = Awaited<ReturnType<typeof fetchAgenda>>;
export type AgendaItem = Agenda['upcoming'][number];

export const useAgenda = (projectId: string) =>
  useQuery({ queryKey: agendaKey(projectId), queryFn: () => fetchAgenda(projectId) });

/** 确认收到: the county acknowledges an instruction; the agenda (and the item's oversight) read it again. */
export function useAcknowledgeInstruction(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: acknowledgeInstruction,
    onSuccess: (instruction) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: agendaKey(projectId) }),
        queryClient.invalidateQueries({ queryKey: oversightKey(instruction.milestoneId) }),
      ]),
  });
}
