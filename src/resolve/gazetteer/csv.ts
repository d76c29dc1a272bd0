import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/**
 * Splits one CSV line (RFC 4180 quoting, no embedded newlines) into fields.
 *
 * @example parseCsvLine('a,"b,c",d') → ['a', 'b,c', 'd']
 */
export function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out;
}

/**
 * Streams a text file line by line (without line ends, BOM removed from the first line), so that large dumps never
 * sit in memory whole.
 *
 * @example for await (const line of readLines('UA.txt')) count++;
 */
export async function* readLines(path: string): AsyncGenerator<string> {
  const input = createReadStream(path, { encoding: 'utf8' });
  const rl = createInterface({ input, crlfDelay: Infinity });
  let first = true;
  try {
    for await (const raw of rl) {
      const line = first ? raw.replace(/^\uFEFF/u, '') : raw;
      first = false;
      yield line;
    }
  } finally {
    // A consumer that stops early (a header sniff) must not leave the file open.
    rl.close();
    input.destroy();
  }
}

/** A CSV row as a record keyed by header name; missing cells are ''. */
export type CsvRow = Readonly<Record<string, string>>;

/**
 * Streams the rows of a CSV file with a header line as records.
 *
 * @example for await (const row of readCsv('ua-oblasts.csv')) console.log(row.pcode);
 */
export async function* readCsv(path: string): AsyncGenerator<CsvRow> {
  let header: string[] | null = null;
  for await (const line of readLines(path)) {
    if (line.trim() === '') continue;
    const cells = parseCsvLine(line);
    if (!header) {
      header = cells.map((c) => c.trim());
      continue;
    }
    const row: Record<string, string> = {};
    header.forEach((h, i) => (row[h] = (cells[i] ?? '').trim()));
    yield row;
  }
}

/** The header fields of a CSV file (first line), or [] for an empty file. */
export async function readCsvHeader(path: string): Promise<string[]> {
  for await (const line of readLines(path)) {
    if (line.trim() === '') continue;
    return parseCsvLine(line).map((c) => c.trim());
  }
  return [];
}
