import { expect } from 'chai';
import { ConfigError } from '../../core/index.js';
import { cosmiconfigLibrary, forgetCosmiconfig } from './cosmiconfig-library.js';

describe('cosmiconfig, an optional peer of the kit', () => {
  afterEach(forgetCosmiconfig);

  it('is loaded on first use, once', () => {
    let loads = 0;
    const fake = { cosmiconfig: () => undefined, defaultLoaders: {} };
    const load = (name: string): unknown => {
      loads += 1;
      expect(name).to.equal('cosmiconfig');
      return fake;
    };
    expect(cosmiconfigLibrary(load)).to.equal(fake);
    expect(cosmiconfigLibrary(load)).to.equal(fake);
    expect(loads).to.equal(1);
  });

  it('missing, reading a config file fails with a coded error that says what to install', () => {
    const missing = (): never => {
      throw Object.assign(new Error("Cannot find module 'cosmiconfig'"), { code: 'MODULE_NOT_FOUND' });
    };
    let thrown: unknown;
    try {
      cosmiconfigLibrary(missing);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).to.be.instanceOf(ConfigError);
    expect((thrown as ConfigError).code).to.equal('CONFIG_FILE_READER_MISSING');
    expect((thrown as ConfigError).message).to.include('npm install cosmiconfig');
    expect(((thrown as ConfigError).cause as Error).message).to.include('cosmiconfig');
  });
});
