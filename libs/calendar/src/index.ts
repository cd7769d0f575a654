// Working days and due dates in mainland China (DESIGN rule 7). Plain TypeScript: importable by every
// service and by the web app.
export * from './local-date';
export * from './chinese-dates';
export * from './time-zone';
export * from './holiday-table';
export * from './working-day-calendar';
export * from './sources/csv';
export * from './sources/chinese-days';
export * from './sources/default-calendar';
export * from './status-light';
export * from './year-notice';
