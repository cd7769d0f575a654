import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import { useRegionTree, type RegionNode } from './region-tree';

interface TreeOption {
  value: string;
  title: string;
  disabled: boolean;
  children: TreeOption[];
}

function optionsOf(tree: readonly RegionNode[]): TreeOption[] {
  const options = new Map(
    tree.map((region) => [
      region.code,
      { value: region.code, title: region.name, disabled: !region.inScope, children: [] },
    ]),
  );
  const roots: TreeOption[] = [];
  for (const region of tree) {
    const option = options.get(region.code) as TreeOption;
    const parent = region.parentCode === null ? undefined : options.get(region.parentCode);
    (parent?.children ?? roots).push(option);
  }
  return roots;
}

type RegionPickerProps = {
  /** The regions the chooser may give: these and everything below them (the rest of the tree is only the way). */
  readonly scope: readonly string[];
  readonly id?: string;
} & (
  | { readonly single?: false; readonly value?: string[]; onChange?(value: string[]): void }
  /** One region: its code. */
  | { readonly single: true; readonly value?: string; onChange?(value: string): void }
);

/**
 * Regions chosen by name from the chooser's tree (province, cities, counties), searchable by name; the value is
 * their codes. Opens on the chooser's own regions; regions above them show the way and cannot be chosen.
 */
export function RegionPicker({ scope, id, single, value, onChange }: RegionPickerProps) {
  const tree = useRegionTree(scope);
  const options = useMemo(() => optionsOf(tree.data ?? []), [tree.data]);
  const opened = useMemo(
    () =>
      (tree.data ?? []).filter((region) => !region.inScope || scope.includes(region.code)).map((region) => region.code),
    [tree.data, scope],
  );
  return (
    <TreeSelect
      id={id}
      multiple={!single}
      showSearch
      treeNodeFilterProp="title"
      treeData={options}
      treeDefaultExpandedKeys={opened}
      loading={tree.isPending}
      value={value}
      onChange={onChange as (value: string | string[]) => void}
      placeholder="选择或输入地区名称，如 临县"
      notFoundContent={tree.isError ? '地区未能加载，请稍后重试' : '没有这个地区'}
      style={{ width: '100%' }}
    />
  );
}
