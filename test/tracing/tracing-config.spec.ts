/** The `tracing:` section as the config's validation sees it. */
import { expect } from 'chai';
import { ConfigProblemsError } from 'tributary-kit';
import { tracedHost } from './traced-host.js';

async function problemsOf(tracing: unknown): Promise<string[]> {
  try {
    const { host } = await tracedHost({ tracing }, [], undefined);
    await host.close();
    return [];
  } catch (error) {
    if (!(error instanceof ConfigProblemsError)) throw error;
    return error.problems.map((p) => `${p.path}: ${p.message}`);
  }
}

describe('tracing: the config section', () => {
  it('refuses a URL that is not http(s), a header value on two lines, and a misspelt key, with its closest name', async () => {
    expect(await problemsOf({ otlp: { url: 'grpc://collector:4317' } })).to.deep.equal([
      'tracing.otlp.url: must be an http:// or https:// URL',
    ]);
    expect(await problemsOf({ otlp: { headers: { 'X-Key': 'a\nb' } } })).to.deep.equal([
      'tracing.otlp.headers.X-Key: must be one line (a header value has no line breaks)',
    ]);
    const misspelt = await problemsOf({ otlp: { headrs: {} } });
    expect(misspelt).to.have.length(1);
    expect(misspelt[0]).to.match(/^tracing\.otlp\.headrs: .*did you mean "headers"\?/);
  });

  it('accepts an empty section (the endpoint then comes from the standard variables)', async () => {
    expect(await problemsOf({})).to.deep.equal([]);
  });
});
