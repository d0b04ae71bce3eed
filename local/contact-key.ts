/**
 * The local runtime's key for contact data (CONTACT_LOCAL_KEY): in AWS a KMS key wraps each
 * contact's data key; locally this AES-256 key does. With a data folder the key is kept in
 * `<dataDir>/contact-key` (created once, mode 0600), so contacts sealed before a restart
 * still open after it; without one (in-memory runs) a fresh key lives as long as the data.
 *
 * The file sits next to the data it protects: locally it keeps demo data apart from the
 * code, it is not a security boundary. Deleting it makes the stored contacts unreadable.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const CONTACT_KEY_FILE = 'contact-key';
const KEY_BYTES = 32;

const freshKey = () => randomBytes(KEY_BYTES).toString('base64');

function readKey(file: string): string {
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
    // As ssh does with private keys: a key others can read is refused, not silently used.
    throw new Error(`${file} must be readable by its owner only: chmod 600 ${file}`);
  }
  const key = readFileSync(file, 'utf8').trim();
  const bytes = /^[A-Za-z0-9+/]+={0,2}$/.test(key) ? Buffer.from(key, 'base64') : undefined;
  if (bytes?.length !== KEY_BYTES) {
    // Never replaced: a new key would make every stored contact unreadable.
    throw new Error(
      `${file} does not hold the base64 of ${KEY_BYTES} bytes; restore it, or delete the whole data folder`,
    );
  }
  return key;
}

/** The base64 contact key: read from (or first created in) dataDir, or fresh without one. */
export function localContactKey(dataDir: string | undefined): string {
  if (dataDir === undefined) return freshKey();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, CONTACT_KEY_FILE);
  const key = freshKey();
  try {
    // 'wx': only if absent, so two runtimes starting together cannot each write their own key.
    // The umask can only take bits away from 0600, never add any.
    writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readKey(file);
}
