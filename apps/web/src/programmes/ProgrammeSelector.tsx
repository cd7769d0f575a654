import { PROGRAMME_STATUS_LABELS } from '@duban/contracts';
import { Select } from 'antd';
import { selectProgramme, useSelectedProgramme } from './selected-programme';
import type { Programme } from './programmes-api';

/** How a programme is named wherever one is chosen: its year and its name, and its state when not open. */
export function programmeLabel(programme: Pick<Programme, 'year' | 'name' | 'status'>): string {
  const state = programme.status === 'open' ? '' : `（${PROGRAMME_STATUS_LABELS[programme.status]}）`;
  return `${programme.year}年 ${programme.name}${state}`;
}

/** The header's choice of the programme every page shows; hidden while the caller has none. */
export function ProgrammeSelector({ narrow }: { narrow: boolean }) {
  const { programme, programmes } = useSelectedProgramme();
  if (!programme) return null;
  return (
    <Select
      aria-label="年度计划"
      value={programme.id}
      onChange={selectProgramme}
      options={programmes.map((candidate) => ({ value: candidate.id, label: programmeLabel(candidate) }))}
      popupMatchSelectWidth={false}
      // On a phone the header also holds the menu, the bell and logout within 375 px: the label is cut short.
      style={{ width: narrow ? 120 : 300, minWidth: 0, flexShrink: narrow ? 1 : 0 }}
    />
  );
}
