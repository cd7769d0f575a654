import type { StreamDefinition } from '@duban/contracts';
import { DiscardPolicy, RetentionPolicy, StorageType, nanos, type JetStreamManager, type StreamConfig } from 'nats';
import type { Namespace } from './namespace';

/**
 * Creates the service's stream, or brings an existing one to the wanted configuration. Safe to run on
 * every start and from several replicas at once.
 */
export interface StreamSettings {
  readonly duplicateWindowMs: number;
  /** 3 in production (see deploy/nats); a single local server can hold only 1. */
  readonly replicas?: number;
  /** How long the stream keeps a message (DUBAN_STREAM_MAX_AGE_DAYS); unset keeps it for ever. */
  readonly maxAgeMs?: number;
}

export async function ensureStream(
  jsm: JetStreamManager,
  definition: StreamDefinition,
  namespace: Namespace,
  settings: StreamSettings,
): Promise<StreamConfig> {
  const name = namespace.name(definition.name);
  const wanted: Partial<StreamConfig> = {
    name,
    subjects: [namespace.subject(definition.subjects)],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    duplicate_window: nanos(settings.duplicateWindowMs),
    num_replicas: settings.replicas ?? 1,
    max_age: settings.maxAgeMs === undefined ? 0 : nanos(settings.maxAgeMs),
  };
  try {
    const current = await jsm.streams.info(name);
    const same =
      current.config.duplicate_window === wanted.duplicate_window &&
      current.config.num_replicas === wanted.num_replicas &&
      current.config.max_age === wanted.max_age &&
      current.config.subjects.join() === wanted.subjects?.join();
    if (same) return current.config;
    const updated = await jsm.streams.update(name, { ...current.config, ...wanted });
    return updated.config;
  } catch (error) {
    if (!isNotFound(error)) throw error;
    try {
      return (await jsm.streams.add(wanted)).config;
    } catch (addError) {
      // Another replica created it first with the same configuration.
      if (String((addError as Error).message).includes('already in use')) return (await jsm.streams.info(name)).config;
      throw addError;
    }
  }
}

function isNotFound(error: unknown): boolean {
  const apiError = (error as { api_error?: { err_code?: number } }).api_error;
  return apiError?.err_code === 10059 || String((error as Error).message).includes('stream not found');
}
