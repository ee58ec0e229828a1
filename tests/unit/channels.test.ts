import { describe, expect, it } from 'vitest';
import { CHANNELS, channelInfo, channelName, channelsIn, isChannel } from '../../src/lib/model/channels';

describe('channel registry', () => {
  it('lists every channel once, phone first', () => {
    expect(CHANNELS[0]).toBe('phone');
    expect(new Set(CHANNELS).size).toBe(CHANNELS.length);
    expect(CHANNELS).toEqual(['phone', 'whatsapp', 'telegram', 'signal', 'gvoice', 'imessage', 'messenger', 'instagram', 'qq', 'wechat', 'line', 'kakaotalk', 'viber', 'other']);
  });

  it('knows its ids and names', () => {
    expect(isChannel('wechat')).toBe(true);
    expect(isChannel('WeChat')).toBe(false);
    expect(isChannel(null)).toBe(false);
    expect(channelName('gvoice')).toBe('Google Voice');
    expect(channelInfo('wechat').label.zh).toBe('微信');
    expect(channelInfo('gvoice').numberHandles).toBe(true);
    expect(channelInfo('messenger').numberHandles).toBe(false);
  });

  it('offers only the channels that hold events, in registry order', () => {
    expect(channelsIn([{ telegram: { call: 0, message: 2 } }, { phone: { call: 1, message: 0 }, signal: undefined }])).toEqual(['phone', 'telegram']);
    expect(channelsIn([])).toEqual([]);
  });
});
