import { describe, expect, it } from 'vitest';
import { Placeholders } from '../../src/lib/formats/chat/draft';

describe('Placeholders', () => {
  const whole = new Placeholders([['[Sticker]', 'sticker'], ['[Photo]', 'image']]);
  const inline = new Placeholders([['[图片]', 'image']], /\[图片\]/g);

  it('take a text that is one placeholder, white space around it of any length aside', () => {
    for (const text of ['[Sticker]', '  [Sticker]', '[Sticker] \n', ' '.repeat(40) + '[Sticker]' + '\t'.repeat(3)]) {
      expect(whole.content(text), JSON.stringify(text)).toEqual({ kind: 'message', body: '', attachments: [{ name: '', type: 'sticker' }] });
    }
  });

  it('leave longer texts, and placeholders inside a text unless they are inline ones', () => {
    expect(whole.content('[Sticker] ok')).toEqual({ kind: 'message', body: '[Sticker] ok', attachments: [] });
    expect(whole.content('[Sticke]')).toEqual({ kind: 'message', body: '[Sticke]', attachments: [] });
    expect(inline.content('看 [图片] 好看')).toEqual({ kind: 'message', body: '看  好看', attachments: [{ name: '', type: 'image' }] });
    expect(inline.content(' [图片] ')).toEqual({ kind: 'message', body: '', attachments: [{ name: '', type: 'image' }] });
  });
});
