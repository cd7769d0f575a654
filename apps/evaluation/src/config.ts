import { PlatformConfig, type Environment } from '@duban/platform';

export function loadEvaluationConfig(env: Environment): PlatformConfig {
  return PlatformConfig.fromEnv('evaluation', env);
}
