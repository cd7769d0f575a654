import { PlatformConfig, type Environment } from '@duban/platform';

export function loadFundingConfig(env: Environment): PlatformConfig {
  return PlatformConfig.fromEnv('funding', env);
}
