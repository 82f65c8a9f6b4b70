import { expect } from 'chai';
import { changeTime, sinceText } from '../src/change-time.js';

const TEN_UTC = Date.UTC(2024, 2, 1, 10);

describe('rest-json-user-attributes: change times', () => {
  it('reads ISO 8601 as an instant, whatever the offset and separator; no offset is UTC', () => {
    const same = [
      '2024-03-01T10:00:00Z',
      '2024-03-01T12:00:00+02:00',
      '2024-03-01T12:00:00+0200',
      '2024-03-01T12:00:00+02',
      '2024-03-01 10:00:00',
      '2024-03-01T10:00',
      '2024-03-01t10:00:00.000z',
    ];
    expect(same.map((text) => changeTime(text, 'iso'))).to.deep.equal(same.map(() => TEN_UTC));
    expect(changeTime('2024-03-01T10:00:00,25Z', 'iso')).to.equal(TEN_UTC + 250);
    expect(changeTime('2024-03-01', 'iso')).to.equal(Date.UTC(2024, 2, 1));
  });

  it('reads epoch numbers and numeric text in seconds for epoch-s, in milliseconds otherwise', () => {
    expect(changeTime(TEN_UTC / 1000, 'epoch-s')).to.equal(TEN_UTC);
    expect(changeTime(String(TEN_UTC / 1000), 'epoch-s')).to.equal(TEN_UTC);
    expect(changeTime(TEN_UTC, 'epoch-ms')).to.equal(TEN_UTC);
    expect(changeTime(TEN_UTC, 'iso')).to.equal(TEN_UTC);
  });

  it('gives nothing for what is no time', () => {
    for (const value of [undefined, null, '', 'yesterday', '03/01/2024', true, { at: TEN_UTC }, 1e20])
      expect(changeTime(value, 'iso'), JSON.stringify(value)).to.equal(undefined);
  });

  it('writes the since value in the format asked for', () => {
    expect(sinceText(TEN_UTC + 999, 'iso')).to.equal('2024-03-01T10:00:00.999Z');
    expect(sinceText(TEN_UTC + 999, 'epoch-ms')).to.equal(String(TEN_UTC + 999));
    expect(sinceText(TEN_UTC + 999, 'epoch-s')).to.equal(String(TEN_UTC / 1000));
  });
});
