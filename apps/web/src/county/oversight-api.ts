import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

/** 催办 and 批示 on one milestone. The key nests under ['milestone'], which the live stream refreshes. */
export const oversightKey = (milestoneId: string) => ['milestone', milestoneId, 'oversight'] as const;

const fetchOversight = (id: string) => unwrap(api.GET('/api/milestones/{id}/oversight', { params: { path: { id } } }));

export type Oversight = Awaited<ReturnType<typeof fetchOversight>>;
export type Instruction = Oversight['instructions'][number];
export type Urge = Oversight['urges'][number];

export const useOversight = (milestoneId: string) =>
  useQuery({ queryKey: oversightKey(milestoneId), queryFn: () => fetchOversight(milestoneId) });

/** A write about the milestone's oversight; the answer is re-read (the next urge time is the service's). */
function useOversightWrite<Variables, Answer>(milestoneId: string, call: (variables: Variables) => Promise<Answer>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSettled: () => queryClient.invalidateQueries({ queryKey: oversightKey(milestoneId) }),
  });
}

export const useUrge = (milestoneId: string) =>
  useOversightWrite(milestoneId, (message: string) =>
    unwrap(
      api.POST('/api/milestones/{id}/urge', {
        params: { path: { id: milestoneId } },
        body: message.trim() ? { message } : {},
      }),
    ),
  );

export const useInstruct = (milestoneId: string) =>
  useOversightWrite(milestoneId, (text: string) =>
    unwrap(api.POST('/api/milestones/{id}/instructions', { params: { path: { id: milestoneId } }, body: { text } })),
  );

/** 确认收到: the county acknowledges an instruction (from the milestone's page or the county's home). */
export const acknowledgeInstruction = (instructionId: string) =>
  unwrap(api.POST('/api/instructions/{id}/acknowledge', { params: { path: { id: instructionId } } }));

export const useAcknowledge = (milestoneId: string) => useOversightWrite(milestoneId, acknowledgeInstruction);
