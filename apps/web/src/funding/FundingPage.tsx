import { useQuery } from '@tanstack/react-query';
import { Card, Flex, Select, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { api, unwrap } from '../api/client';
import { useMe } from '../auth/session';
import { countyKeys } from '../county/county-api';
import { QueryState } from '../shared/QueryState';
import { Annex4Table } from './Annex4Table';
import { BudgetPanel } from './BudgetPanel';
import { CalculatorPanel } from './CalculatorPanel';
import { FlaggedExpenditures } from './FlaggedExpenditures';
import { useAnnex4, type Annex4 } from './funding-api';

/** The cities among 附件4's counties (a county's city code is its first four digits and "00"). */
function citiesOf(annex4: Annex4 | undefined): { value: string; label: string }[] {
  const cities = new Map<string, string>();
  for (const row of annex4?.rows ?? []) if (row.cityName) cities.set(`${row.regionCode.slice(0, 4)}00`, row.cityName);
  return [...cities].map(([value, label]) => ({ value, label }));
}

/**
 * 资金管理 (province, city): 附件4 of the user's region for a programme year and the counties' flagged
 * expenditures; the province also sets the budgets and runs the allocation calculator. A county's own ledger is on its project page (资金 tab).
 */
export default function FundingPage() {
  const me = useMe();
  const region = me.regionCodes[0] ?? '';
  const programmes = useQuery({
    queryKey: countyKeys.programmes,
    queryFn: () => unwrap(api.GET('/api/programmes')),
    staleTime: 10 * 60_000,
  });
  const [chosen, setChosen] = useState<string>();
  const latest = [...(programmes.data ?? [])].sort((a, b) => b.year - a.year)[0]?.code;
  const programmeCode = chosen ?? latest;
  const annex4 = useAnnex4(region, programmeCode);
  const province = me.role === 'province_admin';

  return (
    <Flex vertical gap={16}>
      <Flex gap={12} wrap align="center" justify="space-between">
        <Typography.Title level={3} style={{ margin: 0 }}>
          资金管理
        </Typography.Title>
        <Select
          aria-label="年度计划"
          style={{ minWidth: 220, maxWidth: '100%' }}
          value={programmeCode}
          onChange={setChosen}
          options={(programmes.data ?? []).map((programme) => ({
            value: programme.code,
            label: `${programme.year} 年度 ${programme.name}`,
          }))}
        />
      </Flex>
      <Tabs
        items={[
          {
            key: 'annex4',
            label: '附件4 资金安排',
            children: (
              <Card size="small" title="省级资金安排分配表（附件4）">
                <QueryState query={annex4}>{(data) => <Annex4Table annex4={data} />}</QueryState>
              </Card>
            ),
          },
          {
            key: 'flagged',
            label: '待核实支出',
            children: <FlaggedExpenditures region={region} programmeCode={programmeCode} />,
          },
          ...(province && programmeCode
            ? [
                { key: 'budgets', label: '预算', children: <BudgetPanel programmeCode={programmeCode} /> },
                {
                  key: 'calculator',
                  label: '测算分配',
                  children: <CalculatorPanel programmeCode={programmeCode} cities={citiesOf(annex4.data)} />,
                },
              ]
            : []),
        ]}
      />
    </Flex>
  );
}
