import { createRequire } from 'node:module';
import type * as Readability from '@mozilla/readability';
import type * as FastXmlParser from 'fast-xml-parser';
import type * as Linkedom from 'linkedom';

/**
 * The HTML and XML parsers, loaded on first use: a JSONL or plain-text run (`litopys extract dump.jsonl`) never
 * needs them, and loading linkedom alone is a few hundred milliseconds of start-up. The readers are synchronous, so
 * the packages are `require`d (their CommonJS builds) rather than imported dynamically.
 */
const require = createRequire(import.meta.url);

let linkedom: typeof Linkedom | undefined;
let readability: typeof Readability | undefined;
let xml: typeof FastXmlParser | undefined;

/** linkedom, loaded on first call. */
export function linkedomModule(): typeof Linkedom {
  return (linkedom ??= require('linkedom') as typeof Linkedom);
}

/** @mozilla/readability, loaded on first call. */
export function readabilityModule(): typeof Readability {
  return (readability ??= require('@mozilla/readability') as typeof Readability);
}

/** fast-xml-parser, loaded on first call. */
export function xmlParserModule(): typeof FastXmlParser {
  return (xml ??= require('fast-xml-parser') as typeof FastXmlParser);
}
