import { expect } from 'chai';
import { ConfigProblemsError } from '../../../core/index.js';
import { recordingSink, startTestHost, testPlugin } from '../../../testing/index.js';
import { createBearerTokenType } from '../bearer-token.js';
import { entryProblems, parseEntry, recordingContext } from './credential-test-kit.js';

const API = 'https://api.example.test';
const TOKEN = 'pat-9f8e7d6c5b4a';
const entry = { id: 'api', name: 'API token', type: 'bearer-token', url: `${API}/`, token: TOKEN };
const type = createBearerTokenType();

function setup(overrides: Record<string, unknown> = {}) {
  const context = recordingContext();
  return { context, credential: type.create(parseEntry(type, { ...entry, ...overrides }), context) };
}

/** The problems the host reports for a config holding `credential`, as `path: message` lines. */
async function hostProblems(credential: Record<string, unknown>, env: Record<string, string> = {}): Promise<string[]> {
  try {
    const th = await startTestHost({
      config: { credentials: [credential], sinks: [{ id: 'out', type: 'recording' }] },
      plugins: [testPlugin({ sinkTypes: [recordingSink()] })],
      env,
    });
    await th.close();
    return [];
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigProblemsError);
    return (error as ConfigProblemsError).problems.map((p) => `${p.path}: ${p.message}`);
  }
}

describe('credentials: bearer-token', () => {
  it('sends Authorization: Bearer <token> without any request, with the url as base, the token registered for redaction', async () => {
    const { credential, context } = setup();
    expect(await credential.authenticate()).to.deep.equal({
      headers: { Authorization: `Bearer ${TOKEN}` },
      baseUrl: API,
    });
    expect(context.secrets).to.deep.equal([TOKEN]);
    await credential.test();
    expect(credential).to.include({ id: 'api', name: 'API token', type: 'bearer-token' });
  });

  it('sends the bare token in the header the entry names', async () => {
    const { credential } = setup({ header: 'X-API-Key' });
    expect((await credential.authenticate()).headers).to.deep.equal({ 'X-API-Key': TOKEN });
  });

  it('keeps the Bearer scheme when the header is authorization in any case', async () => {
    const { credential } = setup({ header: 'authorization' });
    expect((await credential.authenticate()).headers).to.deep.equal({ authorization: `Bearer ${TOKEN}` });
  });

  it('sends another scheme in place of Bearer (Okta SSWS, Token), or before the token in a named header', async () => {
    expect((await setup({ scheme: 'SSWS' }).credential.authenticate()).headers).to.deep.equal({
      Authorization: `SSWS ${TOKEN}`,
    });
    expect((await setup({ scheme: 'Token' }).credential.authenticate()).headers).to.deep.equal({
      Authorization: `Token ${TOKEN}`,
    });
    expect((await setup({ header: 'X-Auth', scheme: 'Key' }).credential.authenticate()).headers).to.deep.equal({
      'X-Auth': `Key ${TOKEN}`,
    });
    expect(entryProblems(type, { ...entry, scheme: 'Bearer token' })).to.deep.equal([
      'scheme: scheme must be one word such as Bearer, SSWS or Token (it is sent before the token)',
    ]);
  });

  it('works without a url, with an empty base (the consumer then needs absolute URLs)', async () => {
    const { url: _omitted, ...withoutUrl } = entry;
    expect(entryProblems(type, withoutUrl)).to.deep.equal([]);
    expect((await type.create(parseEntry(type, withoutUrl), recordingContext()).authenticate()).baseUrl).to.equal('');
  });

  it('lists token as its only secret field', () => {
    expect(type.secretFields).to.deep.equal(['token']);
  });

  it('trims a token read from a file', () => {
    expect(parseEntry(type, { ...entry, token: `${TOKEN}\n` }).token).to.equal(TOKEN);
  });

  it('reports a missing token, a token with spaces (without echoing it), a bad header and plain http', () => {
    const { token: _omitted, ...withoutToken } = entry;
    expect(entryProblems(type, withoutToken)[0]).to.match(/^token: /);
    const spaced = entryProblems(type, { ...entry, token: 'Bearer hunter2' });
    expect(spaced).to.deep.equal([
      'token: token must be printable ASCII without spaces or line breaks (it is sent in an HTTP header)',
    ]);
    expect(entryProblems(type, { ...entry, header: 'X API Key' })[0]).to.match(
      /^header: header must be an HTTP header name/,
    );
    expect(entryProblems(type, { ...entry, url: 'http://api.example.test' })[0]).to.match(/^url: must use https/);
    expect(entryProblems(type, { ...entry, tokenUrl: `${API}/token` })[0]).to.match(/^tokenUrl: /);
  });

  it('is refused by the host when the token is written in the file, or missing', async () => {
    expect(await hostProblems(entry)).to.deep.equal([
      'credentials[0].token: is a secret and is never written in the file: use ${ENV_NAME} or ${file:path}',
    ]);
    const { token: _omitted, ...withoutToken } = entry;
    const problems = await hostProblems(withoutToken);
    expect(problems).to.have.length(1);
    expect(problems[0]).to.match(/^credentials\[0\]\.token: /);
    expect(await hostProblems({ ...entry, token: '${API_TOKEN}' }, { API_TOKEN: TOKEN })).to.deep.equal([]);
  });
});
