import type { Role } from '@duban/contracts';

/** Every demo identity's password. They can log in only while the gateway runs with DUBAN_DEMO=true. */
export const DEMO_PASSWORD = 'duban-demo';

export interface DemoAccount {
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly regionCodes: readonly string[];
}

/**
 * The 13 county-level divisions of 吕梁市 (141100), the inspector's assigned counties. Hard-coded on
 * purpose: the region tree belongs to the projects service, and the gateway never reads another
 * service's data. They must match the region codes that the projects service's demo data loads.
 */
const LVLIANG_COUNTIES = [
  '141102', // 离石区
  '141121', // 文水县
  '141122', // 交城县
  '141123', // 兴县
  '141124', // 临县
  '141125', // 柳林县
  '141126', // 石楼县
  '141127', // 岚县
  '141128', // 方山县
  '141129', // 中阳县
  '141130', // 交口县
  '141181', // 孝义市
  '141182', // 汾阳市
] as const;

/**
 * One identity per role along the 临县 chain (province → 吕梁市 → 临县), and one city and one county
 * officer elsewhere, so that tests can check that a scope hides what lies outside it.
 */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'province', displayName: '省人社厅', role: 'province_admin', regionCodes: ['140000'] },
  { username: 'lvliang', displayName: '吕梁市人社局', role: 'city_officer', regionCodes: ['141100'] },
  { username: 'linxian', displayName: '刘星', role: 'county_officer', regionCodes: ['141124'] }, // 县创业就业服务中心主任
  { username: 'zhangzhenyu', displayName: '张振玉', role: 'leading_member', regionCodes: ['141124'] }, // 临县领导小组组长
  { username: 'inspector', displayName: '吕梁市验收组', role: 'inspector', regionCodes: LVLIANG_COUNTIES },
  { username: 'taiyuan', displayName: '太原市人社局', role: 'city_officer', regionCodes: ['140100'] },
  { username: 'lishi', displayName: '离石区专班', role: 'county_officer', regionCodes: ['141102'] },
];
