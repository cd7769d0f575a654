export * from './wait-for';
export * from './test-environment';
export * from './stream-reader';
export * from './nats-server-process';
export * from './private-database';
