import { PlatformConfig, type Environment } from '@duban/platform';

export function loadProjectsConfig(env: Environment): PlatformConfig {
  return PlatformConfig.fromEnv('projects', env);
}
