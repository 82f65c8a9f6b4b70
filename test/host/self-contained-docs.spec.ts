import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect } from 'chai';

/**
 * The repository stands on its own: no comment, test name or page points the reader at a document
 * that is not in it (a numbered section of an outside spec, a tracker's issue number, a sibling
 * folder). `.ci/` is the one exception: CI itself keeps the JSONata suite beside the checkout.
 */
const OUTSIDE = [
  { pattern: /\bSPEC(\.md)?\s*§/, what: 'a section of an outside spec' },
  { pattern: /§\s?\d/, what: 'a numbered section' },
  { pattern: /\b[Ii]ssue[- ]?#?\d+\b/, what: 'a tracker issue number' },
  { pattern: /\bSTYLE\.md\b|\bDEVELOPERS\.md\b/, what: 'a document that is not in the repository' },
  { pattern: /\.\.\/shared\//, what: 'a folder beside the repository' },
];

/**
 * Examples of the citations the check refuses (a section of an outside spec, a tracker's issue number
 * written with a space or a hyphen), put together from their parts so that this file, which the check
 * reads like any other, cites nothing itself.
 */
const CITING = {
  specSection: ['SPEC', '\u00a79'].join(' '), // \u00a7: the section sign
  issueNumber: ['issue', '14'].join(' '),
  hyphenatedIssue: ['issue', '9'].join('-'),
};

function trackedTextFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' }).split('\0');
  return listed.filter(
    (file) =>
      /\.(ts|js|md|json|ya?ml)$/.test(file) &&
      !file.startsWith('.ci/') &&
      !file.includes('/fixtures/') &&
      file !== 'package-lock.json',
  );
}

export function outsideReferences(files: readonly string[], read: (file: string) => string): string[] {
  const found: string[] = [];
  for (const file of files) {
    read(file)
      .split('\n')
      .forEach((line, index) => {
        for (const { pattern, what } of OUTSIDE) {
          if (pattern.test(line)) found.push(`${file}:${index + 1}: ${what}: ${line.trim().slice(0, 100)}`);
        }
      });
  }
  return found;
}

describe('the repository stands on its own', () => {
  it('finds an outside reference where there is one (the check can fail)', () => {
    const pages: Record<string, string> = {
      'a.ts': `/** Parses the subset of ${CITING.specSection}. */`,
      'b.md': `See ${CITING.issueNumber}.\nFine line.`,
      'c.ts': 'const ok = 1;',
      'd.md': `Misses the ${CITING.hyphenatedIssue} goal.`,
    };
    expect(outsideReferences(Object.keys(pages), (file) => pages[file] ?? '')).to.have.length(4);
  });

  it('has no comment, test name or page that cites a document outside it', () => {
    const files = trackedTextFiles();
    expect(files.length).to.be.greaterThan(100);
    expect(outsideReferences(files, (file) => readFileSync(file, 'utf8'))).to.deep.equal([]);
  });
});
