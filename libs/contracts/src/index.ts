export * from './envelope';
export * from './errors';
export * from './services';
export * from './streams';
export * from './rpc/rpc';
export * from './rpc/health';
