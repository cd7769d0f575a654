/**
 * The demo programme (Shanxi 2023, 公益性零工市场县县全覆盖) as every service's demo data names it.
 * Services share no tables, so they refer to a programme by this code: it is stored in several schemas
 * and must not change. Demo data only: no production code may depend on it.
 */
export const DEMO_PROGRAMME_CODE = 'shanxi-2023-gig-markets';
