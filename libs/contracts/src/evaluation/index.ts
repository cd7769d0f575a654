export * from './rubric';
export * from './inspection';
export * from './rectification';
export * from './evidence';
export * from './events';
export * from './settings';
