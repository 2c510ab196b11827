import { describe, expect, it } from 'vitest';
import { validateReplayPath } from '../../../src/claims/property.js';
import { UsageError } from '../../../src/errors.js';
import { expectUsageError } from '../../__helpers__/cli.js';

describe('replay paths', () => {
  it('accepts the paths fast-check prints and refuses any other text', () => {
    for (const ok of ['0', '151', '3:0:12', '0:1']) expect(() => validateReplayPath(ok)).not.toThrow();
    for (const bad of ['', 'abc', '1e9', '-1', '1.5', '01', '1:', ':1', '1::2', '1000000000', ' 1']) {
      expect(() => validateReplayPath(bad), bad).toThrow(UsageError);
    }
  });

  it('a well-formed path past 10,000 characters is refused for its length, not its form', () => {
    const long = Array.from({ length: 5001 }, () => '0').join(':');
    expect(long.length).toBe(10_001);
    expect(() => validateReplayPath(long)).toThrow(/replay path of 10001 characters, longer than the 10000/);
    expect(() => validateReplayPath(long.slice(0, 9999))).not.toThrow();
  });

  it('refuses a run index at or beyond the number of runs the check makes', () => {
    expect(() => validateReplayPath('151', 152)).not.toThrow();
    expect(() => validateReplayPath('152', 152)).toThrow(
      /run 152 is out of range, this check makes runs 0\.\.151/,
    );
    expect(() => validateReplayPath('999999999:0', 10)).toThrow(UsageError);
  });

  it('verify --path 1e9 and --path abc exit 2 with one line; a path past the runs does too', () => {
    const claim = ['verify', '--claim', 'ccem-key-inequality/wrong-coefficient'];
    expectUsageError([...claim, '--path', '1e9'], /invalid replay path '1e9'/);
    expectUsageError([...claim, '--path', 'abc'], /invalid replay path 'abc'/);
    expectUsageError([...claim, '--path', '999999999'], /out of range/);
  });
});
