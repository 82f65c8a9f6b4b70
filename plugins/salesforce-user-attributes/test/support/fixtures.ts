import { readFileSync } from 'node:fs';
import nock, { type Definition } from 'nock';

const FIXTURES = new URL('../fixtures/', import.meta.url);

export function fixturePath(name: string): URL {
  return new URL(`${name}.json`, FIXTURES);
}

/** Replays a recorded fixture: each recorded answer is served once, in order. */
export function replay(name: string): void {
  const definitions = JSON.parse(readFileSync(fixturePath(name), 'utf8')) as Definition[];
  nock.define(definitions);
}
