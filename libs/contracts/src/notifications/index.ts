export * from './notifications';
export * from './channels';
