// zh-CN formatting: the 万/亿 scales, qualifiers, currencies, percentages, dates, ranges and
// lists, against a table written from Chinese press convention.
import { describe, expect, it } from 'vitest';
import { chartScale, formatDate, formatDatePhrase, formatDateRange, formatQuantity, joinList, unitCaption, wordsFor } from '../src/format/index.js';
import type { Qualifier, Scale, Unit } from '../src/facts/schema.js';

type Row = [value: number, unit: Unit, scale: Scale, qualifier: Qualifier, expected: string];
const Q: Row[] = [
  [24.21, 'USD', 'billion', 'exact', '242.1亿美元'],
  [165.73, 'CNY', 'billion', 'exact', '1657.3亿元'],
  [3.8, 'USD', 'billion', 'exact', '38亿美元'],
  [4.76, 'USD', 'billion', 'exact', '47.6亿美元'],
  [138, 'USD', 'million', 'approximately', '约1.38亿美元'],
  [1, 'CNY', 'billion', 'approximately', '约10亿元'],
  [155.08, 'CNY', 'billion', 'exact', '1550.8亿元'],
  [0.98, 'USD', 'billion', 'exact', '9.8亿美元'],
  [0.05, 'USD', 'billion', 'exact', '5000万美元'],
  [12.5, 'EUR', 'million', 'exact', '1250万欧元'],
  [3, 'GBP', 'million', 'more than', '超过300万英镑'],
  [850, 'GBP', 'thousand', 'exact', '85万英镑'],
  [9.5, 'GBP', 'thousand', 'exact', '9500英镑'],
  [1200, 'USD', 'billion', 'exact', '1.2万亿美元'],
  [18.3, 'JPY', 'billion', 'about', '约183亿日元'],
  [4300, 'count', 'one', 'more than', '超过4300'],
  [72500, 'count', 'one', 'exact', '7.25万'],
  [8, 'count', 'one', 'exact', '8'],
  [26, 'count', 'one', 'exact', '26'],
  [10000, 'count', 'one', 'exact', '1万'],
  [9999, 'count', 'one', 'exact', '9999'],
  [123456789, 'count', 'one', 'exact', '1.23456789亿'],
  [2.4, 'count', 'million', 'at least', '至少240万'],
  [15, 'count', 'thousand', 'up to', '最多1.5万'],
  [1.5, 'count', 'billion', 'exact', '15亿'],
  [6.8, 'percent', 'one', 'exact', '6.8%'],
  [12, 'percent', 'one', 'more than', '超过12%'],
  [-3.25, 'percent', 'one', 'exact', '-3.25%'],
  [0.138, 'ratio', 'one', 'exact', '0.138'],
  [-2.5, 'USD', 'billion', 'exact', '-25亿美元'],
  [0, 'CNY', 'million', 'exact', '0元'],
  [7, 'HKD', 'billion', 'exact', '70亿港元'],
];

describe('zh-CN amounts on the 万/亿 scales', () => {
  it.each(Q)('%s %s %s %s -> %s', (value, unit, scale, qualifier, expected) => {
    expect(formatQuantity({ value, unit, scale, qualifier }, 'zh-CN').text).toBe(expected);
  });

  it('keeps the qualifier apart for tiles, with no space in the text', () => {
    const f = formatQuantity({ value: 4300, unit: 'count', scale: 'one', qualifier: 'more than' }, 'zh-CN');
    expect(f).toEqual({ text: '超过4300', bare: '4300', qualifier: '超过' });
  });

  it('leaves other locales as they were', () => {
    expect(formatQuantity({ value: 24.21, unit: 'USD', scale: 'billion', qualifier: 'exact' }, 'en-GB').text).toBe('US$24.21 billion');
    expect(formatQuantity({ value: 165.73, unit: 'CNY', scale: 'billion', qualifier: 'exact' }, 'en-GB').text).toBe('165.73 billion yuan');
  });
});

describe('zh-CN dates, ranges and lists', () => {
  it.each([
    ['2023-08-24', '2023-08-24', '2023年8月24日'],
    ['2023-07-16', '2023-07-21', '2023年7月16日至21日'],
    ['2023-07-16', '2023-08-02', '2023年7月16日至8月2日'],
    ['2023-12-30', '2024-01-02', '2023年12月30日至2024年1月2日'],
  ])('%s..%s -> %s', (start, end, expected) => {
    expect(formatDateRange(start, end, 'zh-CN')).toBe(expected);
    expect(formatDatePhrase(start, end, 'zh-CN')).toBe(expected);
  });

  it('formats a single date', () => {
    expect(formatDate('2023-01-05', 'zh-CN')).toBe('2023年1月5日');
  });

  it('joins lists with 、 and 和', () => {
    expect(joinList(['巴黎', '沃尔夫斯堡', '吕登沙伊德', '汉诺威'], 'zh-CN')).toBe('巴黎、沃尔夫斯堡、吕登沙伊德和汉诺威');
    expect(joinList(['上海', '伦敦'], 'zh-CN')).toBe('上海和伦敦');
  });
});

describe('zh-CN chart scales and captions', () => {
  it('moves chart values onto the myriad scale the largest reaches', () => {
    expect(chartScale('USD', 'billion', [3.8, 4.76], 'zh-CN')).toEqual({ factor: 10, caption: '亿美元' });
    expect(chartScale('CNY', 'billion', [155.18, 165.73], 'zh-CN')).toEqual({ factor: 10, caption: '亿元' });
    expect(chartScale('count', 'one', [26, 43, 4300], 'zh-CN')).toEqual({ factor: 1, caption: '数量' });
    expect(chartScale('count', 'one', [72500], 'zh-CN')).toEqual({ factor: 1e-4, caption: '数量（万）' });
    expect(chartScale('USD', 'billion', [3.8, 4.76], 'en-GB')).toEqual({ factor: 1, caption: unitCaption('USD', 'billion', 'en-GB') });
  });

  it('has Chinese words for the chrome', () => {
    expect(wordsFor('zh-CN').figure(2, '嘉定区进出口总额')).toBe('图2　嘉定区进出口总额');
    expect(wordsFor('zh-CN').sourceLine(['甲', '乙'])).toBe('资料来源：甲；乙');
    expect(wordsFor('en-GB').sourceLine(['a'])).toBe('Source: a');
  });
});
