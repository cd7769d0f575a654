import { STATUS_LIGHT_LABELS, STATUS_LIGHTS } from '@duban/contracts';
import { Badge, Flex } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { LIGHT_COLOURS } from '../shared/StatusLight';
import type { Milestone } from './county-api';
import { dueInstant, dueText, PROGRAMME_ZONE } from './time';

const LABEL_WIDTH = 132;
/** Wide enough for a month's label; twelve of them make the chart scroll sideways on a phone. */
const MONTH_WIDTH = 56;
/** The months' names, above the rows. */
const MONTHS_ROW_HEIGHT = 24;
const ROW_HEIGHT = 28;

interface Bar {
  readonly milestone: Milestone;
  readonly start: number;
  readonly end: number;
}

/**
 * The milestones as a Gantt-like chart in plain CSS: programme months across, one bar per milestone from
 * when it can start (its prerequisites' deadline, or the start of the year) to its deadline, coloured by
 * its light, and a vertical line for today. An extra milestone without prerequisites is a short mark at
 * its deadline. The chart spans the programme's year: a bar reaching beyond it ends at the year's edge with an
 * arrow (its label keeps the real deadline). The titles stay pinned on the left while the months scroll.
 */
export function MilestoneTimeline({
  milestones,
  year,
  now = dayjs(),
}: {
  milestones: readonly Milestone[];
  year: number;
  now?: Dayjs;
}) {
  const byId = new Map(milestones.map((milestone) => [milestone.id, milestone]));
  // The programme's year and nothing else: a date moved into another year would stretch every month thin.
  const from = dayjs.tz(`${year}-01-01`, PROGRAMME_ZONE);
  const to = dayjs.tz(`${year}-12-31`, PROGRAMME_ZONE).endOf('day');
  const yearStart = from.valueOf();
  const bars: Bar[] = milestones.map((milestone) => {
    const end = dueInstant(milestone).valueOf();
    const prerequisites = milestone.after.flatMap((id) => {
      const before = byId.get(id);
      return before ? [dueInstant(before).valueOf()] : [];
    });
    const start =
      prerequisites.length > 0 ? Math.max(...prerequisites) : milestone.key === null ? end : Math.min(yearStart, end);
    return { milestone, start: Math.min(start, end), end };
  });
  const span = to.valueOf() - from.valueOf();
  const fraction = (time: number) => (time - from.valueOf()) / span;
  const at = (time: number) => Math.min(1, Math.max(0, fraction(time)));

  const months: Dayjs[] = [];
  for (let month = from; month.isBefore(to); month = month.add(1, 'month')) months.push(month);
  const todayAt = fraction(now.valueOf());
  const overlay = (fraction: number) => `calc(${LABEL_WIDTH}px + (100% - ${LABEL_WIDTH}px) * ${fraction})`;

  return (
    <div>
      <div style={{ overflowX: 'auto' }} role="figure" aria-label="节点时间轴">
        {/* Room below the rows for the today line's label: the line and its label keep out of the months' row,
            where they covered the month's name. */}
        <div style={{ position: 'relative', minWidth: LABEL_WIDTH + months.length * MONTH_WIDTH, paddingBottom: 18 }}>
          <div style={{ display: 'flex', height: MONTHS_ROW_HEIGHT, borderBottom: '1px solid #f0f0f0' }}>
            <div style={{ ...pinned, width: LABEL_WIDTH }} />
            <div style={{ position: 'relative', flex: 1 }}>
              {months.map((month) => (
                <span
                  key={month.valueOf()}
                  style={{
                    position: 'absolute',
                    left: `${at(month.valueOf()) * 100}%`,
                    paddingLeft: 4,
                    fontSize: 12,
                    color: '#666',
                  }}
                >
                  {month.month() + 1}月
                </span>
              ))}
            </div>
          </div>
          {months.map((month) => (
            <div
              key={month.valueOf()}
              aria-hidden
              style={{
                position: 'absolute',
                top: MONTHS_ROW_HEIGHT,
                bottom: 0,
                left: overlay(at(month.valueOf())),
                borderLeft: '1px dashed #f0f0f0',
              }}
            />
          ))}
          {bars.map(({ milestone, start, end }) => {
            const beyond =
              end > to.valueOf() ? '（期限在本年度之后）' : end < from.valueOf() ? '（期限在本年度之前）' : '';
            const label = `${milestone.title}：期限 ${dueText(milestone)}${beyond}，${STATUS_LIGHT_LABELS[milestone.light]}`;
            return (
              <div key={milestone.id} style={{ display: 'flex', alignItems: 'center', height: ROW_HEIGHT }}>
                <div
                  title={milestone.title}
                  style={{
                    ...pinned,
                    width: LABEL_WIDTH,
                    fontSize: 12,
                    overflow: 'hidden',
                    textOverflow: 'ellipsis',
                    whiteSpace: 'nowrap',
                    paddingRight: 8,
                  }}
                >
                  {milestone.title}
                </div>
                <div style={{ position: 'relative', flex: 1, height: '100%' }}>
                  <div
                    role="img"
                    aria-label={label}
                    title={label}
                    data-light={milestone.light}
                    style={{
                      position: 'absolute',
                      top: 6,
                      height: ROW_HEIGHT - 12,
                      // A bar wholly outside the year stays a mark at the edge it lies beyond.
                      left: at(start) < 1 ? `${at(start) * 100}%` : 'calc(100% - 8px)',
                      width: `${(at(end) - at(start)) * 100}%`,
                      minWidth: 8,
                      borderRadius: 4,
                      background: LIGHT_COLOURS[milestone.light],
                    }}
                  >
                    {beyond && <OutOfYear after={end > to.valueOf()} />}
                  </div>
                </div>
              </div>
            );
          })}
          {todayAt >= 0 && todayAt <= 1 && (
            <div
              aria-label={`今天 ${now.tz(PROGRAMME_ZONE).format('YYYY-MM-DD')}`}
              style={{
                position: 'absolute',
                top: MONTHS_ROW_HEIGHT,
                bottom: 0,
                left: overlay(todayAt),
                borderLeft: '2px solid #722ed1',
              }}
            >
              <span
                style={{
                  position: 'absolute',
                  bottom: 0,
                  left: 2,
                  fontSize: 11,
                  color: '#722ed1',
                  whiteSpace: 'nowrap',
                }}
              >
                今天
              </span>
            </div>
          )}
        </div>
      </div>
      <Flex wrap gap={12} style={{ marginTop: 8, fontSize: 12 }}>
        {STATUS_LIGHTS.map((light) => (
          <Badge key={light} color={LIGHT_COLOURS[light]} text={STATUS_LIGHT_LABELS[light]} />
        ))}
        <Badge color="#722ed1" text="今天" />
      </Flex>
    </div>
  );
}

/** An arrow at the year's edge: the deadline lies beyond the chart (the bar's label gives the date). */
function OutOfYear({ after }: { after: boolean }) {
  return (
    <span
      aria-hidden
      style={{
        position: 'absolute',
        [after ? 'right' : 'left']: 2,
        top: -1,
        fontSize: 11,
        lineHeight: `${ROW_HEIGHT - 12}px`,
        color: '#fff',
      }}
    >
      {after ? '▶' : '◀'}
    </span>
  );
}

/** The title column stays in view while the months scroll. */
const pinned = { position: 'sticky', left: 0, zIndex: 1, background: '#fff', flex: 'none' } as const;
