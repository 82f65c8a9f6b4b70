import { parse, type Parser } from 'csv-parse';

/** Characters handed to the parser at a time (cut after a line feed, so no character is split). */
const SLICE = 256 * 1024;

function drained(parser: Parser): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      parser.off('drain', done);
      parser.off('close', done);
      resolve();
    };
    parser.on('drain', done);
    parser.on('close', done);
  });
}

/**
 * The rows of a CSV text, parsed by csv-parse as a stream: the text goes in slice by slice as the parser
 * asks for more, and rows come out as they are parsed, so a result set is never held twice as rows.
 */
export async function* csvRows(text: string): AsyncGenerator<string[]> {
  const parser = parse({ bom: true, relax_column_count: false });
  const feed = (async () => {
    for (let at = 0; at < text.length;) {
      const cut = text.indexOf('\n', at + SLICE);
      const end = cut < 0 ? text.length : cut + 1;
      if (!parser.write(text.slice(at, end))) await drained(parser);
      at = end;
    }
    parser.end();
  })();
  feed.catch(() => undefined); // a parse error surfaces through the iteration below
  try {
    for await (const row of parser as AsyncIterable<string[]>) yield row;
    await feed;
  } finally {
    parser.destroy();
  }
}
