export * from './notifications';
export * from './channels';
export * from './inbox-events';
export * from './stages';
export * from './calendars';
export * from './reminder-history';
export * from './preferences';
