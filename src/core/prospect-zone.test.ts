import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { zoneLabel } from './prospect-zone.js';

const WINTER = DateTime.fromISO('2026-11-24T15:00:00Z').toMillis();
const SUMMER = DateTime.fromISO('2026-06-09T15:00:00Z').toMillis();

describe('zoneLabel', () => {
  it('names the city and the offset at that instant, in English by default', () => {
    expect(zoneLabel('America/New_York', WINTER)).toBe('New York time (UTC−5)');
    expect(zoneLabel('America/New_York', SUMMER)).toBe('New York time (UTC−4)');
    expect(zoneLabel('Asia/Kolkata', WINTER)).toBe('Kolkata time (UTC+5:30)');
    expect(zoneLabel('UTC+2', WINTER)).toBe('UTC+2');
    expect(zoneLabel('Europe/London', WINTER)).toBe('London time (UTC)');
  });

  it("says it in the prospect's language, English for any other", () => {
    const label = (zone: string, language: string) => zoneLabel(zone, WINTER, language);
    expect(['fr', 'de', 'es', 'it'].map((language) => label('America/New_York', language))).toEqual([
      'heure de New York (UTC−5)',
      'Ortszeit New York (UTC−5)',
      'hora de New York (UTC−5)',
      'New York time (UTC−5)',
    ]);
    expect(label('Europe/Amsterdam', 'fr')).toBe("heure d'Amsterdam (UTC+1)");
    expect(label('UTC-3', 'de')).toBe('UTC−3');
  });
});
