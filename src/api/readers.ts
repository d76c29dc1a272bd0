import type { Article, Clock, Issue } from '../domain/index.js';

/** What `readBytes` is told about the bytes: a name for messages, and hints about the format. */
export interface ReadOptions {
  readonly name: string;
  readonly format?: string;
  readonly contentType?: string;
  readonly url?: string;
  readonly clock?: Clock;
}

/** What a reader made of some bytes: the articles it could read and what was wrong. */
export interface ReadResult {
  readonly articles: readonly Article[];
  readonly issues: readonly Issue[];
}

/** Limits and policy for one server-side fetch. */
export interface FetchOptions {
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly maxRedirects: number;
  /** False refuses loopback, private, link-local and metadata addresses, after DNS and on every redirect. */
  readonly allowPrivate: boolean;
  /** Addresses exempt from the refusal. */
  readonly allowAddresses: readonly string[];
  readonly headers: Readonly<Record<string, string>>;
}

/** A fetched document. */
export interface FetchResult {
  readonly status: number;
  readonly url: string;
  readonly body: Uint8Array;
  readonly contentType: string | null | undefined;
}

/**
 * The ingest functions the write routes need, in the shape `src/ingest/index.ts` exports them. `createApp` uses the
 * real ones unless handed others (e.g. a reader with a different content policy).
 *
 * @example createApp({ store, pipeline, readers: { readBytes, fetchUrl } })
 */
export interface ArticleReaders {
  readBytes(bytes: Uint8Array, options: ReadOptions): ReadResult | Promise<ReadResult>;
  fetchUrl(url: string, options: FetchOptions): Promise<FetchResult>;
}
