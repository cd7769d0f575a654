import { useSyncExternalStore } from 'react';
import { useProgrammes, type Programme } from './programmes-api';

/**
 * The programme the user works in, chosen in the header's selector and remembered in this browser
 * (localStorage), shared by every page without a provider. Until one is chosen, or when the chosen one is
 * gone (archived, another user's), the newest open programme is meant; with none open, the newest.
 */
const STORAGE_KEY = 'duban.programme';
const listeners = new Set<() => void>();

function storedId(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function selectProgramme(id: string): void {
  try {
    localStorage.setItem(STORAGE_KEY, id);
  } catch {
    // Private windows may refuse storage: the choice then lasts until the page reloads.
  }
  memory = id;
  for (const listener of listeners) listener();
}

let memory: string | null = null;
const current = () => memory ?? storedId();

/** The newest open programme, else the newest of all (the list comes sorted by year). */
export function defaultProgramme(programmes: readonly Programme[]): Programme | undefined {
  const newestFirst = [...programmes].sort((a, b) => b.year - a.year || b.createdAt.localeCompare(a.createdAt));
  return newestFirst.find((programme) => programme.status === 'open') ?? newestFirst[0];
}

export interface SelectedProgramme {
  /** Undefined while the list loads, or when the caller's regions have no programme. */
  readonly programme: Programme | undefined;
  readonly programmes: readonly Programme[];
  readonly loading: boolean;
}

export function useSelectedProgramme(): SelectedProgramme {
  const id = useSyncExternalStore(subscribe, current, () => null);
  const list = useProgrammes();
  const programmes = list.data ?? [];
  const programme = programmes.find((candidate) => candidate.id === id) ?? defaultProgramme(programmes);
  return { programme, programmes, loading: list.isLoading };
}
