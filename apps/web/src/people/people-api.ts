import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api, unwrap } from '../api/client';

const fetchAccounts = () => unwrap(api.GET('/api/accounts'));

export type Account = Awaited<ReturnType<typeof fetchAccounts>>[number];
export type NewAccount = { username: string; displayName: string; role: Account['role']; regionCodes: string[] };
export type AccountChanges = Partial<Pick<NewAccount, 'displayName' | 'role' | 'regionCodes'>> & { disabled?: boolean };

const fetchReset = (id: string) => unwrap(api.POST('/api/accounts/{id}/reset-password', { params: { path: { id } } }));
/** A new account or a reset: the temporary password is in this answer only. */
export type AccountWithPassword = Awaited<ReturnType<typeof fetchReset>>;

const ACCOUNTS_KEY = ['accounts'] as const;

export const useAccounts = () => useQuery({ queryKey: ACCOUNTS_KEY, queryFn: fetchAccounts });

/** The name of an account the administrator manages, by username (undefined while they load, or for anyone else). */
export function useAccountNames(): (username: string) => string | undefined {
  const accounts = useAccounts();
  const names = useMemo(
    () => new Map(accounts.data?.map((account) => [account.username, account.displayName])),
    [accounts.data],
  );
  return (username) => names.get(username);
}

function useAccountWrite<Variables, Answer>(call: (variables: Variables) => Promise<Answer>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ACCOUNTS_KEY }),
  });
}

export const useCreateAccount = () =>
  useAccountWrite((body: NewAccount) => unwrap(api.POST('/api/accounts', { body })));

export const useUpdateAccount = () =>
  useAccountWrite(({ id, changes }: { id: string; changes: AccountChanges }) =>
    unwrap(api.PATCH('/api/accounts/{id}', { params: { path: { id } }, body: changes })),
  );

export const useResetPassword = () => useAccountWrite(fetchReset);

export type ChangePasswordBody = { currentPassword: string; newPassword: string };

/** The holder's own new password; afterwards GET /api/me says no change is due, and the app opens. */
export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangePasswordBody) => unwrap(api.POST('/api/me/password', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['me'] }),
  });
}
