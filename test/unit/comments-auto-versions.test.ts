// Configuration of automatic versions from the environment, and their names.
import { describe, expect, it } from 'vitest';
import { autoVersionName, autoVersionsFromEnv, DEFAULT_AUTO_VERSIONS } from '../../server/versions-auto';

describe('automatic versions settings', () => {
  it('read minutes and edits from the environment, with defaults and off', () => {
    expect(autoVersionsFromEnv({})).toEqual(DEFAULT_AUTO_VERSIONS);
    expect(autoVersionsFromEnv({ DRAFTROOM_AUTO_VERSION_MINUTES: '2.5', DRAFTROOM_AUTO_VERSION_UPDATES: '40' })).toEqual({ quietMs: 150_000, everyUpdates: 40 });
    expect(autoVersionsFromEnv({ DRAFTROOM_AUTO_VERSION_MINUTES: 'off' })).toBe(false);
  });

  it('refuse a setting that is not a positive number, naming it', () => {
    expect(() => autoVersionsFromEnv({ DRAFTROOM_AUTO_VERSION_MINUTES: 'soon' })).toThrow(/DRAFTROOM_AUTO_VERSION_MINUTES must be a positive number or 'off', not 'soon'/);
    expect(() => autoVersionsFromEnv({ DRAFTROOM_AUTO_VERSION_UPDATES: '-3' })).toThrow(/DRAFTROOM_AUTO_VERSION_UPDATES/);
  });

  it('name versions "Auto: <UTC date and minute>"', () => {
    expect(autoVersionName(Date.UTC(2026, 10, 23, 14, 5, 59))).toBe('Auto: 2026-11-23 14:05 UTC');
  });
});
