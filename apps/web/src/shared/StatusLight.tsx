import { STATUS_LIGHT_LABELS, type StatusLightValue } from '@duban/contracts';
import { Tag } from 'antd';

export type Light = StatusLightValue;

/** The documents' four lights; done is shown blue (DESIGN: grey/blue). */
export const LIGHT_COLOURS: Readonly<Record<Light, string>> = {
  green: '#52c41a',
  yellow: '#faad14',
  red: '#f5222d',
  done: '#1677ff',
};

/** A light as a coloured tag with its Chinese name, so colour is never the only signal. */
export function StatusLight({ light }: { light: Light | null | undefined }) {
  if (!light) return <Tag>无节点</Tag>;
  return (
    <Tag color={LIGHT_COLOURS[light]} data-light={light}>
      {STATUS_LIGHT_LABELS[light]}
    </Tag>
  );
}
