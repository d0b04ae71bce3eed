/** A list read page by page from the API (`{ items, nextCursor }`), with "Show more". */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { useApp } from '../../app-context.js';

export interface PagedList<T> {
  readonly items: readonly T[];
  readonly loading: boolean;
  readonly error: unknown;
  readonly hasMore: boolean;
  readonly loadMore: () => void;
  readonly reload: () => void;
}

export function usePagedList<T>(
  /** The path of a page: the first one without a cursor. */
  pathOf: (cursor: string | undefined) => string,
  dependencies: readonly unknown[],
  headers?: Record<string, string>,
): PagedList<T> {
  const { api } = useApp();
  const [state, setState] = useState<{
    items: readonly T[];
    next: string | null;
    loading: boolean;
    error: unknown;
  }>({ items: [], next: null, loading: true, error: undefined });
  const generation = useRef(0);
  const pathRef = useRef(pathOf);
  pathRef.current = pathOf;
  const headersRef = useRef(headers);
  headersRef.current = headers;

  const load = useCallback(
    (cursor: string | undefined) => {
      const mine = ++generation.current;
      setState((previous) => ({ ...previous, loading: true, error: undefined }));
      api
        .get<{ items: T[]; nextCursor: string | null }>(pathRef.current(cursor), {
          ...(headersRef.current === undefined ? {} : { headers: headersRef.current }),
        })
        .then(
          (page) => {
            if (mine !== generation.current) return;
            setState((previous) => ({
              items: cursor === undefined ? page.items : [...previous.items, ...page.items],
              next: page.nextCursor,
              loading: false,
              error: undefined,
            }));
          },
          (error: unknown) => {
            if (mine !== generation.current) return;
            setState((previous) => ({ ...previous, loading: false, error }));
          },
        );
    },
    [api],
  );

  useEffect(() => {
    load(undefined);
    return () => {
      generation.current++;
    };
  }, [load, ...dependencies]);

  return {
    items: state.items,
    loading: state.loading,
    error: state.error,
    hasMore: state.next !== null,
    loadMore: () => {
      if (state.next !== null) load(state.next);
    },
    reload: () => load(undefined),
  };
}

/** `?limit=…&cursor=…` for a list route. */
export const pageQuery = (limit: number, cursor: string | undefined) =>
  `limit=${limit}${cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
