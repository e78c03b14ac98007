// The one formatter: figures, dates and lists as the narrative, charts and tiles print them.
import { describe, it, expect } from 'vitest';
import { formatDate, formatDatePhrase, formatDateRange, formatNumber, formatQuantity, joinList, unitCaption } from '../src/format/index.js';

describe('formatQuantity', () => {
  it('prints unit, scale and qualifier as the source writes them (en-GB)', () => {
    expect(formatQuantity({ value: 4300, unit: 'count', scale: 'one', qualifier: 'more than' }, 'en-GB')).toEqual({ text: 'more than 4,300', bare: '4,300', qualifier: 'more than' });
    expect(formatQuantity({ value: 1, unit: 'CNY', scale: 'billion', qualifier: 'approximately' }, 'en-GB').text).toBe('approximately 1 billion yuan');
    expect(formatQuantity({ value: 138, unit: 'USD', scale: 'million', qualifier: 'exact' }, 'en-GB').text).toBe('US$138 million');
    expect(formatQuantity({ value: 24.21, unit: 'USD', scale: 'billion', qualifier: 'exact' }, 'en-GB')).toEqual({ text: 'US$24.21 billion', bare: 'US$24.21 billion', qualifier: '' });
    expect(formatQuantity({ value: 6.8, unit: 'percent', scale: 'one', qualifier: 'exact' }, 'en-GB').text).toBe('6.8%');
    expect(formatQuantity({ value: 72500, unit: 'count', scale: 'one', qualifier: 'exact' }, 'en-GB').text).toBe('72,500');
    expect(formatQuantity({ value: 420, unit: 'EUR', scale: 'million', qualifier: 'exact' }, 'en-GB').text).toBe('€420 million');
  });

  it('keeps the decimals the source wrote: 3.8 keeps one, 24.21 two, 4300 none', () => {
    expect(formatNumber(3.8, 'en-GB')).toBe('3.8');
    expect(formatNumber(24.21, 'en-GB')).toBe('24.21');
    expect(formatNumber(4300, 'en-GB')).toBe('4,300');
  });

  it('follows the locale: en-US writes US dollars as $', () => {
    expect(formatQuantity({ value: 24.21, unit: 'USD', scale: 'billion', qualifier: 'exact' }, 'en-US').text).toBe('$24.21 billion');
    expect(formatQuantity({ value: 165.73, unit: 'CNY', scale: 'billion', qualifier: 'exact' }, 'en-US').text).toBe('165.73 billion yuan');
  });

  it('captions chart axes with the unit and scale', () => {
    expect(unitCaption('USD', 'billion', 'en-GB')).toBe('US$ billion');
    expect(unitCaption('CNY', 'billion', 'en-GB')).toBe('billion yuan');
    expect(unitCaption('percent', 'one', 'en-GB')).toBe('per cent');
  });
});

describe('dates', () => {
  it('prints a date by the locale', () => {
    expect(formatDate('2023-08-24', 'en-GB')).toBe('24 August 2023');
    expect(formatDate('2023-08-24', 'en-US')).toBe('August 24, 2023');
  });

  it('joins a range within one month with an unspaced en dash', () => {
    expect(formatDateRange('2023-07-16', '2023-07-21', 'en-GB')).toBe('16–21 July 2023');
    expect(formatDateRange('2023-07-16', '2023-07-21', 'en-US')).toBe('July 16–21, 2023');
  });

  it('keeps a spaced dash between ranges of several words', () => {
    expect(formatDateRange('2024-01-08', '2024-02-29', 'en-GB')).toBe('8 January – 29 February 2024');
    expect(formatDateRange('2023-12-30', '2024-01-02', 'en-GB')).toBe('30 December 2023 – 2 January 2024');
    expect(formatDateRange('2024-01-08', '2024-02-29', 'en-US')).toBe('January 8 – February 29, 2024');
  });

  it('prints a one-day range as the date', () => {
    expect(formatDateRange('2023-07-11', '2023-07-11', 'en-GB')).toBe('11 July 2023');
  });

  it('makes phrases for running text', () => {
    expect(formatDatePhrase('2023-07-11', '2023-07-11', 'en-GB')).toBe('on 11 July 2023');
    expect(formatDatePhrase('2023-07-16', '2023-07-21', 'en-GB')).toBe('from 16 to 21 July 2023');
    expect(formatDatePhrase('2023-07-16', '2023-07-21', 'en-US')).toBe('from July 16 to 21, 2023');
    expect(formatDatePhrase('2024-01-08', '2024-02-29', 'en-GB')).toBe('from 8 January to 29 February 2024');
  });
});

describe('joinList', () => {
  it('joins names by the locale', () => {
    expect(joinList(['Paris', 'Wolfsburg', 'Lüdenscheid', 'Hannover'], 'en-GB')).toBe('Paris, Wolfsburg, Lüdenscheid and Hannover');
    expect(joinList(['Paris', 'Wolfsburg', 'Lüdenscheid', 'Hannover'], 'en-US')).toBe('Paris, Wolfsburg, Lüdenscheid, and Hannover');
    expect(joinList(['Paris', 'Hannover'], 'en-GB')).toBe('Paris and Hannover');
    expect(joinList(['Paris'], 'en-GB')).toBe('Paris');
  });
});
