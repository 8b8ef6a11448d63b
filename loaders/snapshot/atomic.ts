/**
 * Atomic file writes: write a temporary file beside the target, flush it to disk, then rename it over the
 * target. A reader (or a crash) sees the old file or the new one, never half of one.
 */
import {mkdir, open, rename, unlink} from "node:fs/promises";
import {basename, dirname, join} from "node:path";

/**
 * Test hook: `BUURTBOEK_TEST_WRITE_DELAY_MS` pauses halfway through writing each temporary file, so a test
 * can kill a pull while a file is half-written.
 */
const writeDelay = Number(process.env.BUURTBOEK_TEST_WRITE_DELAY_MS ?? 0);

/** Writes `data` to `path` atomically (temp file + fsync + rename). */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), {recursive: true});
  const temp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : Buffer.from(data);
  const handle = await open(temp, "w");
  try {
    if (writeDelay > 0) {
      const half = bytes.subarray(0, bytes.length >> 1);
      await handle.write(half);
      await handle.sync();
      await new Promise((resolve) => setTimeout(resolve, writeDelay));
      await handle.write(bytes.subarray(half.length));
    } else {
      await handle.write(bytes);
    }
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temp).catch(() => {});
    throw error;
  }
  await handle.close();
  await rename(temp, path);
}
