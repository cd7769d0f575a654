export * from './wait-for';
export * from './test-environment';
export * from './stream-reader';
export * from './nats-server-process';
export * from './private-database';
export * from './expect-quiet';
export * from './demo-actors';
export * from './service-sandbox';
