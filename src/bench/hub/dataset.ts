import path from 'node:path';
import { z } from 'zod';
import { EnvironmentError, InputError } from '../../errors.js';
import { readIfExists, repoFolder, sha256Hex, writeAtomic } from './cache.js';
import { hubGet, HubError } from './http.js';
import { hubOptions, type HubOptions } from './options.js';

/** A dataset on the Hub: explicit files of the repo, or the Hub's Parquet conversion of config/split. */
export interface HubDatasetRef {
  repo: string;
  revision?: string;
  config?: string;
  split?: string;
  files?: string[];
}

export interface DownloadedFile {
  /** Path inside the repo, or `parquet/<config>/<split>/<i>.parquet` for converted splits. */
  path: string;
  localPath: string;
  sha256: string;
  bytes: number;
}

export interface HubDownload {
  repo: string;
  revision: string;
  /** The commit the revision resolved to; the cache is keyed on it, so a moved branch is re-fetched. */
  sha: string;
  files: DownloadedFile[];
  /** sha256 over the (path, file sha256) list: stored with the benchmark to pin its exact content. */
  contentHash: string;
}

const manifestSchema = z.object({
  files: z.record(z.string(), z.object({ sha256: z.string(), bytes: z.number() })),
  splits: z.record(z.string(), z.array(z.string())),
});
type Manifest = z.infer<typeof manifestSchema>;

const SHA_RE = /^[0-9a-f]{40}$/;
const REPO_RE = /^[A-Za-z0-9][\w.-]*(\/[\w.-]+)?$/;

function snapshotDir(opts: HubOptions, repo: string, sha: string): string {
  return path.join(opts.cacheDir, 'hub', repoFolder(repo), 'snapshots', sha);
}

function refFile(opts: HubOptions, repo: string, revision: string): string {
  return path.join(opts.cacheDir, 'hub', repoFolder(repo), 'refs', encodeURIComponent(revision));
}

async function readManifest(dir: string): Promise<Manifest> {
  const bytes = await readIfExists(path.join(dir, 'manifest.json'));
  if (bytes === undefined) return { files: {}, splits: {} };
  return manifestSchema.parse(JSON.parse(bytes.toString('utf8')));
}

/** Resolves a branch/tag to a commit sha (online), remembering it for offline use. */
async function resolveSha(repo: string, revision: string, opts: HubOptions): Promise<string> {
  if (SHA_RE.test(revision)) return revision;
  const ref = refFile(opts, repo, revision);
  if (opts.offline) {
    const cached = await readIfExists(ref);
    if (cached === undefined)
      throw new EnvironmentError(
        `offline mode: ${repo}@${revision} has never been downloaded into ${opts.cacheDir}; run once online or unset RLBOUND_OFFLINE/HF_HUB_OFFLINE`,
      );
    return cached.toString('utf8').trim();
  }
  const url = `${opts.endpoint}/api/datasets/${repo}/revision/${encodeURIComponent(revision)}`;
  const body: unknown = await (await hubGet(url, opts)).json();
  const parsed = z.object({ sha: z.string().regex(SHA_RE) }).safeParse(body);
  if (!parsed.success) throw new HubError('unexpected revision response (no commit sha)', url);
  await writeAtomic(ref, parsed.data.sha);
  return parsed.data.sha;
}

async function fetchToCache(url: string, localPath: string, opts: HubOptions): Promise<{ sha256: string; bytes: number }> {
  const res = await hubGet(url, opts);
  const bytes = new Uint8Array(await res.arrayBuffer());
  await writeAtomic(localPath, bytes);
  return { sha256: sha256Hex(bytes), bytes: bytes.byteLength };
}

/** Uses the cached copy when its hash matches the manifest; otherwise downloads it again. */
async function ensureFile(relPath: string, url: string, dir: string, manifest: Manifest, opts: HubOptions): Promise<DownloadedFile> {
  const localPath = path.join(dir, relPath);
  const known = manifest.files[relPath];
  if (known !== undefined) {
    const bytes = await readIfExists(localPath);
    if (bytes !== undefined && sha256Hex(bytes) === known.sha256) return { path: relPath, localPath, ...known };
  }
  if (opts.offline) throw new EnvironmentError(`offline mode: ${relPath} is not in the cache (${dir})`);
  const got = await fetchToCache(url, localPath, opts);
  manifest.files[relPath] = got;
  return { path: relPath, localPath, ...got };
}

function contentHashOf(files: DownloadedFile[]): string {
  const lines = [...files].sort((a, b) => a.path.localeCompare(b.path)).map((f) => `${f.path}\t${f.sha256}\n`);
  return sha256Hex(Buffer.from(lines.join(''), 'utf8'));
}

/**
 * Downloads (or finds in the cache) a Hub dataset's files. With `files`, those repo paths are
 * fetched through `resolve/<sha>/<path>`; without, the Hub's Parquet conversion of `config`/`split`
 * is listed and fetched. Everything lands under `<cache>/hub/<repo>/snapshots/<sha>/`.
 */
export async function downloadHubDataset(ref: HubDatasetRef, overrides: Partial<HubOptions> = {}): Promise<HubDownload> {
  const opts = hubOptions(overrides);
  if (!REPO_RE.test(ref.repo)) throw new InputError(`not a Hub dataset id: "${ref.repo}" (expected "org/name")`, { field: 'repo' });
  const revision = ref.revision ?? 'main';
  const sha = await resolveSha(ref.repo, revision, opts);
  const dir = snapshotDir(opts, ref.repo, sha);
  const manifest = await readManifest(dir);
  const files: DownloadedFile[] = [];

  if (ref.files !== undefined && ref.files.length > 0) {
    for (const p of ref.files) {
      if (p.split('/').some((seg) => seg === '..' || seg === '')) throw new InputError(`invalid repo path "${p}"`, { field: 'files' });
      const url = `${opts.endpoint}/datasets/${ref.repo}/resolve/${sha}/${p.split('/').map(encodeURIComponent).join('/')}`;
      files.push(await ensureFile(p, url, dir, manifest, opts));
    }
  } else {
    const config = ref.config ?? 'default';
    const split = ref.split ?? 'test';
    const key = `${config}/${split}`;
    let urls: string[] | undefined;
    if (manifest.splits[key] === undefined || !opts.offline) {
      if (opts.offline) throw new EnvironmentError(`offline mode: ${ref.repo} ${key} has never been downloaded into ${opts.cacheDir}`);
      const listUrl = `${opts.endpoint}/api/datasets/${ref.repo}/parquet/${encodeURIComponent(config)}/${encodeURIComponent(split)}?revision=${sha}`;
      const listed = z.array(z.string().url()).safeParse(await (await hubGet(listUrl, opts)).json());
      if (!listed.success || listed.data.length === 0) throw new HubError(`no Parquet files listed for ${key}`, listUrl);
      urls = listed.data;
      manifest.splits[key] = urls.map((_, i) => `parquet/${config}/${split}/${i}.parquet`);
    }
    const paths = manifest.splits[key];
    for (let i = 0; i < paths.length; i++) files.push(await ensureFile(paths[i], urls?.[i] ?? '', dir, manifest, opts));
  }
  if (!opts.offline) await writeAtomic(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 1));
  return { repo: ref.repo, revision, sha, files, contentHash: contentHashOf(files) };
}
