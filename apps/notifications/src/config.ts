import { PlatformConfig, type Environment } from '@duban/platform';

export function loadNotificationsConfig(env: Environment): PlatformConfig {
  return PlatformConfig.fromEnv('notifications', env);
}
