/** What every screen may use: the API, who is signed in, the council's catalog and config. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { CatalogResponse, MeResponse } from '../../shared/schemas/catalog.js';
import type { ApiClient } from './api.js';
import type { WebRuntimeConfig } from './runtime-config.js';

export interface AppServices {
  readonly api: ApiClient;
  readonly me: MeResponse;
  readonly catalog: CatalogResponse;
  readonly config: WebRuntimeConfig;
  /** Says something to screen-reader users through the shell's live region. */
  readonly announce: (message: string) => void;
}

export const AppContext = createContext<AppServices | undefined>(undefined);

export function useApp(): AppServices {
  const services = useContext(AppContext);
  if (services === undefined) throw new Error('useApp() outside the signed-in app');
  return services;
}
