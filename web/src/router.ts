/**
 * Hash routes (`#/inbox`, `#/referrals/01J…`): the app is one static page, so any deep link
 * works from S3/CloudFront and the local server without rewrite rules.
 */
import { useEffect, useState } from 'preact/hooks';

export const currentPath = () => decodeURI(location.hash.replace(/^#/, '')) || '/';

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  const target = `#${encodeURI(path)}`;
  if (options.replace === true) history.replaceState(null, '', target);
  else location.hash = target;
  if (options.replace === true) window.dispatchEvent(new HashChangeEvent('hashchange'));
}

export function usePath(): string {
  const [path, setPath] = useState(currentPath);
  useEffect(() => {
    const update = () => setPath(currentPath());
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return path;
}

/** Matches `/referrals/:id` against a path; the named segments, or undefined. */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const names: string[] = [];
  const regex = new RegExp(
    `^${pattern.replace(/:([a-zA-Z]+)/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    })}/?$`,
  );
  const match = regex.exec(path.split('?')[0] ?? path);
  if (match === null) return undefined;
  return Object.fromEntries(names.map((name, index) => [name, match[index + 1] ?? '']));
}

/** The query part of a hash path (`#/inbox?status=accepted`). */
export const queryOf = (path: string) => new URLSearchParams(path.split('?')[1] ?? '');
