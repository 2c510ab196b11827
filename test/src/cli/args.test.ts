import { describe, expect, it } from 'vitest';
import {
  parseInteger,
  parseList,
  parseListValues,
  parseNumber,
  parseSeed,
  parseTemperatureBias,
} from '../../../src/cli/args.js';
import { canonicalParameters } from '../../../src/documents/parameters.js';
import { UsageError } from '../../../src/errors.js';

describe('argument parsers', () => {
  it.each([
    '0x10',
    '1_0',
    ' 5',
    '5 ',
    'Infinity',
    '-Infinity',
    'NaN',
    '',
    '1e400',
    '1x',
    '0b1',
    '+',
    '.',
    'e5',
  ])('parseNumber refuses %j with a UsageError', (text) => {
    expect(() => parseNumber('--x', text)).toThrow(UsageError);
    expect(() => parseNumber('--x', text)).toThrow(`--x must be a finite number, got '${text}'`);
  });

  it.each([
    ['1e-300', 1e-300],
    ['-10', -10],
    ['.5', 0.5],
    ['5.', 5],
    ['+2E3', 2000],
    ['0', 0],
  ])('parseNumber accepts the decimal %j', (text, value) => {
    expect(parseNumber('--x', text)).toBe(value);
  });

  it('integers and seeds sit on the strict decimal parser', () => {
    expect(parseInteger('--k', '1e3', 1, 10_000)).toBe(1000);
    expect(() => parseInteger('--k', '0x10', 1, 100)).toThrow(UsageError);
    expect(() => parseInteger('--k', '2.5', 1, 100)).toThrow(/integer in \[1, 100\]/);
    expect(parseSeed('-2147483648')).toBe(-(2 ** 31));
    expect(() => parseSeed('2147483648')).toThrow(UsageError);
    expect(() => parseSeed('1_0')).toThrow(UsageError);
  });

  it('a list mixes numbers and ranges start:stop:count, both ends included', () => {
    expect(parseList('--t', '0.5:2:4,7', false)).toEqual([0.5, 1, 1.5, 2, 7]);
    expect(parseList('--d', '16:64:4', true)).toEqual([16, 32, 48, 64]);
    expect(parseListValues('--t', '1.125,0.1', false)).toEqual([
      { text: '1.125', x: 1.125 },
      { text: '0.1', x: 0.1 },
    ]);
  });

  it.each([
    ['1,,2', /empty item/],
    ['1:2', /start:stop:count/],
    ['1:x:3', /range stop must be a number, got 'x'/],
    ['1:2:0', /range count must be an integer >= 1/],
    ['1:2:1.5', /range count must be an integer >= 1/],
    ['0x10', /must be a finite number/],
    ['1:10:11', null],
  ])('list %j is refused with one line', (text, re) => {
    if (re === null) {
      expect(() => parseList('--N', text, false, 10)).toThrow(/more than 10 values/);
    } else {
      expect(() => parseList('--N', text, false)).toThrow(re);
    }
  });

  it('an integer list refuses range points that are not integers', () => {
    expect(() => parseList('--N', '3:10:4', true)).toThrow(/values must be integers/);
    expect(() => parseList('--N', '2.5', true)).toThrow(/values must be integers/);
  });

  it('--logit-scale/--logit-bias map through t = exp(s), b = -bias', () => {
    // ln 10 and -10 give the SigLIP initialisation t = b = 10 (closed form).
    const r = canonicalParameters(
      'x',
      parseTemperatureBias('x', { logitScale: '2.302585092994046', logitBias: '-10' }),
    );
    expect(r.t).toBeCloseTo(10, 13);
    expect(r.b).toBe(10);
    expect(r.from).toBe('siglip');
  });
});
