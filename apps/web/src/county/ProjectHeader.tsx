import { Flex, Tag, Typography } from 'antd';
import { StatusLight } from '../shared/StatusLight';
import type { Project } from './county-api';

/** Whose project this is, which programme year, and how it stands (the rollup of its milestones' lights). */
export function ProjectHeader({ project }: { project: Project }) {
  return (
    <Flex wrap align="center" gap={8} style={{ marginBottom: 8 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {project.regionName}
      </Typography.Title>
      <Typography.Text strong>{project.name}</Typography.Text>
      <Tag>{project.programmeYear}年度</Tag>
      <span aria-label="项目状态">
        <StatusLight light={project.light} />
      </span>
    </Flex>
  );
}
