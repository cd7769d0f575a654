import type { Actor } from '@duban/contracts';

/** The demo's people (the gateway's demo identities), as the gateway passes them to services. */
export const demoActors = {
  province: actor('province', '省人社厅', 'province_admin', ['140000']),
  lvliang: actor('lvliang', '吕梁市人社局', 'city_officer', ['141100']),
  taiyuan: actor('taiyuan', '太原市人社局', 'city_officer', ['140100']),
  linxian: actor('linxian', '刘星', 'county_officer', ['141124']),
  lishi: actor('lishi', '离石区专班', 'county_officer', ['141102']),
  zhangzhenyu: actor('zhangzhenyu', '张振玉', 'leading_member', ['141124']),
  inspector: actor('inspector', '验收组', 'inspector', ['141124', '141102']),
  otherInspector: actor('inspector2', '另一验收组', 'inspector', ['141124']),
} satisfies Record<string, Actor>;

export const LINXIAN = '141124';
export const LISHI = '141102';
export const LVLIANG = '141100';

function actor(username: string, displayName: string, role: Actor['role'], regionCodes: string[]): Actor {
  return { userId: `user-${username}`, username, displayName, role, regionCodes };
}
