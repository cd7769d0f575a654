export * from './sources';
export * from './amount';
export * from './views';
export * from './requests';
export * from './events';
