import { Table, Typography } from 'antd';
import type { Annex4, Annex4Row } from './funding-api';

type Line = Pick<Annex4Row, 'specialWan' | 'employmentWan' | 'totalWan' | 'cityWan' | 'countyWan'> & {
  key: string;
  number: number | null;
  cityName: string | null;
  countyName: string;
  population: number | null;
};

/** The total line first, as the document prints it (全省总计 or the city's 合计), then one line per county. */
function linesOf(annex4: Annex4): Line[] {
  const total: Line = {
    key: 'total',
    number: null,
    cityName: null,
    countyName: annex4.regionName ? `${annex4.regionName}合计（${annex4.total.counties} 个县）` : '合计',
    ...annex4.total,
  };
  return [total, ...annex4.rows.map((row) => ({ ...row, key: row.projectId }))];
}

/** 附件4 省级资金安排分配表: the province's two funds per county, with the city's and county's matching funds. */
export function Annex4Table({ annex4 }: { annex4: Annex4 }) {
  return (
    <>
      <Table<Line>
        rowKey="key"
        size="small"
        bordered
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={linesOf(annex4)}
        rowClassName={(line) => (line.number === null ? 'annex4-total' : '')}
        columns={[
          { key: 'number', title: '序号', render: (_, line) => line.number ?? '' },
          { key: 'city', title: '市', render: (_, line) => line.cityName ?? '' },
          { key: 'county', title: '县（市、区）', dataIndex: 'countyName' },
          {
            key: 'population',
            title: '人口基数（人）',
            align: 'right',
            render: (_, line) => (line.population === null ? '—' : line.population.toLocaleString('zh-CN')),
          },
          { key: 'special', title: '财政专项资金', align: 'right', dataIndex: 'specialWan' },
          { key: 'employment', title: '就业资金', align: 'right', dataIndex: 'employmentWan' },
          { key: 'total', title: '合计', align: 'right', dataIndex: 'totalWan' },
          { key: 'cityWan', title: '市级配套资金', align: 'right', dataIndex: 'cityWan' },
          { key: 'countyWan', title: '县级配套资金', align: 'right', dataIndex: 'countyWan' },
        ]}
      />
      <Typography.Text type="secondary">
        {annex4.programmeYear} 年度，单位：万元。人口基数：{annex4.total.populationSources.join('；') || '—'}
      </Typography.Text>
    </>
  );
}
