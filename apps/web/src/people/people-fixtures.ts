import type { Account } from './people-api';

/** 临县's 刘星 as `GET /api/accounts` lists him, with any field changed. */
export const anAccount = (overrides: Partial<Account> = {}): Account => ({
  id: '0190a3c4-0000-7000-8000-00000000a001',
  username: 'linxian',
  displayName: '刘星',
  role: 'county_officer',
  roleLabel: '县级专班',
  regionCodes: ['141124'],
  disabled: false,
  mustChangePassword: false,
  demo: false,
  createdAt: '2026-12-01T01:00:00.000Z',
  updatedAt: null,
  ...overrides,
});
