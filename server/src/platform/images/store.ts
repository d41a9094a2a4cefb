/**
 * Image storage behind one interface: the console uploads store photos and banners through
 * `ImageStore.save`, the server serves them from `/media/images/<key>` with long cache headers.
 * The default keeps files under DATA_DIR/images; a production object store (COS, OSS, S3) plugs in by
 * implementing the same three methods and returning its own public URL from `urlOf`.
 * Keys are the sha256 of the bytes + the extension: saving the same image twice is the same file.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { IMAGE_MAX_BYTES } from '@homeclub/shared';
import { AppError } from '../errors';

export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp';
const EXT: Record<ImageType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };
const TYPE_OF_EXT: Record<string, ImageType> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };
export const IMAGE_KEY = /^[0-9a-f]{64}\.(jpg|png|webp)$/;

export interface ImageStore {
  save(bytes: Buffer, type: ImageType): Promise<{ key: string; url: string }>;
  open(key: string): Promise<{ bytes: Buffer; type: ImageType; etag: string } | null>;
  urlOf(key: string): string;
}

/** The type the bytes really are (magic numbers), or null: the declared Content-Type is not trusted. */
export function sniffImage(b: Buffer): ImageType | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

/** Checks size and type (by magic bytes, and that they agree with the declared type). */
export function checkImage(bytes: Buffer, declared: string): ImageType {
  if (bytes.length > IMAGE_MAX_BYTES) throw new AppError('IMAGE_TOO_LARGE', `image of ${bytes.length} bytes`);
  const type = sniffImage(bytes);
  const base = declared.split(';')[0].trim().toLowerCase();
  if (!type || (base !== type && !(base === 'image/jpg' && type === 'image/jpeg'))) {
    throw new AppError('IMAGE_TYPE_INVALID', `declared ${declared || '(none)'}, bytes look like ${type ?? 'no image'}`);
  }
  return type;
}

export function createFileImageStore(opts: { dir: string; publicBase: string }): ImageStore {
  return {
    async save(bytes, type) {
      const key = `${createHash('sha256').update(bytes).digest('hex')}.${EXT[type]}`;
      const file = path.join(opts.dir, key);
      const exists = await stat(file).then(() => true, () => false);
      if (!exists) {
        await mkdir(opts.dir, { recursive: true });
        // Written to a temporary name and renamed: a reader never sees half a file, concurrent saves agree.
        const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
        await writeFile(tmp, bytes);
        await rename(tmp, file);
      }
      return { key, url: this.urlOf(key) };
    },
    async open(key) {
      if (!IMAGE_KEY.test(key)) return null;
      const bytes = await readFile(path.join(opts.dir, key)).catch(() => null);
      if (!bytes) return null;
      return { bytes, type: TYPE_OF_EXT[key.split('.')[1]], etag: `"${key.split('.')[0].slice(0, 32)}"` };
    },
    urlOf: (key) => `${opts.publicBase}/media/images/${key}`,
  };
}
