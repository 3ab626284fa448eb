/**
 * LOCAL ONLY: an object store in a folder, standing in for the S3 buckets SES and the attachment uploads write to.
 * Keys are S3-style (`inbound/<id>`), stored as files under the root; a key that would leave the root is refused.
 * Writes go to a temporary file first and are renamed into place, so a reader never sees half a message.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';

export interface ObjectStore {
  readonly root: string;
  put(key: string, bytes: Uint8Array): Promise<void>;
  get(key: string): Promise<Uint8Array | undefined>;
  /** Keys under a prefix, sorted. */
  list(prefix?: string): Promise<string[]>;
}

export function folderObjectStore(root: string): ObjectStore {
  const base = resolve(root);
  const pathOf = (key: string): string => {
    const path = resolve(base, key);
    if (key.length === 0 || key.startsWith('/') || !path.startsWith(base + sep)) throw new Error(`object key outside the store: ${JSON.stringify(key)}`);
    return path;
  };
  return {
    root: base,
    async put(key, bytes) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const temporary = `${path}.${randomUUID()}.partial`;
      await writeFile(temporary, bytes);
      await rename(temporary, path);
    },
    async get(key) {
      try {
        return await readFile(pathOf(key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async list(prefix = '') {
      const entries = await readdir(base, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return [];
        throw error;
      });
      return entries
        .filter((e) => e.isFile() && !e.name.endsWith('.partial'))
        .map((e) => relative(base, join(e.parentPath, e.name)).split(sep).join('/'))
        .filter((key) => key.startsWith(prefix))
        .sort();
    },
  };
}
