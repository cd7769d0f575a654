import { OFFICER_ROLE_LABELS } from '@duban/contracts';
import { Form, Select } from 'antd';
import { FormModal } from '../shared/FormModal';
import type { Milestone, Officer } from './county-api';
import { useUpdateMilestone } from './milestone-plan-api';

/** The leading group as choices: "张振宇（组长）". */
export function officerOptions(officers: readonly Officer[]) {
  return officers.map((officer) => ({
    value: officer.id,
    label: `${officer.name}（${OFFICER_ROLE_LABELS[officer.role]}）`,
  }));
}

/** 调整责任人: who answers for the milestone (and is reminded of it), chosen from the county's leading group. */
export function ReassignMilestoneModal({
  projectId,
  milestone,
  officers,
  onClose,
}: {
  projectId: string;
  milestone: Milestone;
  officers: readonly Officer[];
  onClose: () => void;
}) {
  const update = useUpdateMilestone(projectId, milestone.id);
  return (
    <FormModal<{ responsibleOfficerIds: string[] }>
      title={`调整责任人：${milestone.title}`}
      okText="保存"
      pending={update.isPending}
      error={update.error}
      initialValues={{ responsibleOfficerIds: milestone.responsibleOfficerIds }}
      onSubmit={({ responsibleOfficerIds }) =>
        update.mutate({ responsibleOfficerIds, version: milestone.version }, { onSuccess: onClose })
      }
      onCancel={onClose}
    >
      <Form.Item
        name="responsibleOfficerIds"
        label="责任人"
        extra="从本县领导小组成员中选择；责任人接收该节点的提醒"
        rules={[{ required: true, message: '至少选择一名责任人' }]}
      >
        <Select mode="multiple" options={officerOptions(officers)} optionFilterProp="label" />
      </Form.Item>
    </FormModal>
  );
}
